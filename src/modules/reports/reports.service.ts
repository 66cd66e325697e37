import { Injectable } from '@nestjs/common';
import { Actor } from '../../common/auth/actor';
import { ForbiddenError, NotFoundError, ValidationFailedError } from '../../common/errors/domain-errors';
import { TicketSummaryCache } from '../tickets/ticket-summary-cache.port';
import { AgentFigures, roundAgent, SummaryReport, toSummary } from './domain/report';
import { reportAccess } from './domain/report-access';
import { parseReportRange, ReportRange } from './domain/report-range';
import { ReportCache } from './report-cache.port';
import { ReportRepository, ReportScope } from './report-repository.port';

export interface ReportQuery {
  from?: string;
  to?: string;
  tz?: string;
  departmentId?: string;
}

/** what a cached summary keeps: dates as ISO strings */
type StoredSummary = Omit<SummaryReport, 'from' | 'to'> & { from: string; to: string };

/**
 * Summary and agent reports. TEAM_LEAD: their own department (another one is 404, as any out-of-scope resource);
 * ADMIN: everything, or one department. Cached per scope and query under the tickets' write generation, which every
 * ticket write moves after it commits, so a report read after a write's response never shows the numbers before it.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportRepository,
    private readonly cache: ReportCache,
    private readonly generations: TicketSummaryCache,
  ) {}

  async summary(user: Actor, query: ReportQuery): Promise<SummaryReport> {
    const { scope, range } = await this.prepare(user, query);
    const stored = await this.cached<StoredSummary>('summary', scope, range, async () => {
      const s = toSummary(range, scope.departmentId, await this.reports.summary(scope, range));
      return { ...s, from: s.from.toISOString(), to: s.to.toISOString() };
    });
    return { ...stored, from: new Date(stored.from), to: new Date(stored.to) };
  }

  async agents(
    user: Actor,
    query: ReportQuery,
  ): Promise<{ range: ReportRange; departmentId: string | null; agents: AgentFigures[] }> {
    const { scope, range } = await this.prepare(user, query);
    const agents = await this.cached('agents', scope, range, async () =>
      (await this.reports.agents(scope, range)).map(roundAgent),
    );
    return { range, departmentId: scope.departmentId, agents };
  }

  private async prepare(
    user: Actor,
    query: ReportQuery,
  ): Promise<{ scope: ReportScope; range: ReportRange }> {
    const parsed = parseReportRange(query);
    if (!parsed.ok)
      throw new ValidationFailedError(
        `${parsed.problems[0].field} ${parsed.problems[0].message}`,
        parsed.problems,
      );
    return { scope: await this.scopeOf(user, query.departmentId), range: parsed.range };
  }

  private async scopeOf(user: Actor, departmentId: string | undefined): Promise<ReportScope> {
    const access = reportAccess(user, departmentId);
    if (!access.ok)
      throw access.kind === 'forbidden' ? new ForbiddenError(access.reason) : new NotFoundError('Department');
    if (access.mustExist && !(await this.reports.departmentExists(access.departmentId!)))
      throw new NotFoundError('Department');
    return { departmentId: access.departmentId };
  }

  private async cached<T>(
    kind: string,
    scope: ReportScope,
    range: ReportRange,
    compute: () => Promise<T>,
  ): Promise<T> {
    const generation = await this.generations.generation(scope.departmentId);
    const key =
      generation === null
        ? null
        : [
            kind,
            scope.departmentId ?? 'all',
            generation,
            range.from.toISOString(),
            range.to.toISOString(),
            range.tz,
          ].join(':');
    if (key) {
      const hit = await this.cache.get<T>(key);
      if (hit !== null) return hit;
    }
    const value = await compute();
    if (key) await this.cache.set(key, value);
    return value;
  }
}
