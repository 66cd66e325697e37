import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { AgentFigures, DayCount, SummaryFigures } from '../domain/report';
import { dayStarts, daysOf, ReportRange } from '../domain/report-range';
import { ReportRepository, ReportScope } from '../report-repository.port';
import { AGENTS_SQL, SUMMARY_SQL } from './report-sql';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

interface SummaryRow {
  by_status: Record<string, number | string>;
  by_priority: Record<string, number | string>;
  /** per local day of the range, by its 1-based bucket number */
  created_per_day: Array<{ day: number | string; count: number | string }>;
  resolved_per_day: Array<{ day: number | string; count: number | string }>;
  fr_median: number | null;
  fr_p90: number | null;
  res_median: number | null;
  res_p90: number | null;
  fr_decided: string;
  fr_met: string;
  res_decided: string;
  res_met: string;
}

interface AgentRow {
  id: string;
  full_name: string;
  department_id: string | null;
  open_assigned: string;
  resolved: string;
  median_first_response: number | null;
  median_resolution: number | null;
}

const numbers = (o: Record<string, number | string>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Number(v)]));
const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

@SqlAdapter(ReportRepository)
export class SqlReportRepository extends SqlRepository implements ReportRepository {
  async summary(scope: ReportScope, range: ReportRange): Promise<SummaryFigures> {
    const dayList = daysOf(range);
    const [r] = await this.rows<SummaryRow>(SUMMARY_SQL, [
      range.from,
      range.to,
      dayStarts(range, dayList),
      scope.departmentId,
    ]);
    const days = (buckets: SummaryRow['created_per_day']): DayCount[] =>
      buckets.map((d) => ({ date: dayList[Number(d.day) - 1], count: Number(d.count) }));
    return {
      byStatus: numbers(r.by_status),
      byPriority: numbers(r.by_priority),
      createdPerDay: days(r.created_per_day),
      resolvedPerDay: days(r.resolved_per_day),
      firstResponseMinutes: { median: num(r.fr_median), p90: num(r.fr_p90) },
      resolutionMinutes: { median: num(r.res_median), p90: num(r.res_p90) },
      firstResponseDecided: Number(r.fr_decided),
      firstResponseMet: Number(r.fr_met),
      resolutionDecided: Number(r.res_decided),
      resolutionMet: Number(r.res_met),
    };
  }

  async agents(scope: ReportScope, range: ReportRange): Promise<AgentFigures[]> {
    const rows = await this.rows<AgentRow>(AGENTS_SQL, [range.from, range.to, scope.departmentId]);
    return rows.map((r) => ({
      agentId: r.id,
      fullName: r.full_name,
      departmentId: r.department_id,
      openAssigned: Number(r.open_assigned),
      resolved: Number(r.resolved),
      medianFirstResponseMinutes: num(r.median_first_response),
      medianResolutionMinutes: num(r.median_resolution),
    }));
  }

  async departmentExists(departmentId: string): Promise<boolean> {
    const rows = await this.rows('SELECT 1 FROM departments WHERE id = $1', [departmentId]);
    return rows.length > 0;
  }
}
