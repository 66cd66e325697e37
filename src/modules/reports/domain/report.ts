import { TicketPriority, TicketStatus } from '../../tickets/domain/ticket-enums';
import { daysOf, ReportRange } from './report-range';

export interface Percentiles {
  median: number | null;
  p90: number | null;
}

export interface DayCount {
  date: string;
  count: number;
}

/** What SQL returns for a summary, before empty days and statuses are filled in. */
export interface SummaryFigures {
  byStatus: Partial<Record<TicketStatus, number>>;
  byPriority: Partial<Record<TicketPriority, number>>;
  createdPerDay: DayCount[];
  resolvedPerDay: DayCount[];
  firstResponseMinutes: Percentiles;
  resolutionMinutes: Percentiles;
  /** tickets created in the range with a target whose outcome is known, and those of them that met it */
  firstResponseDecided: number;
  firstResponseMet: number;
  resolutionDecided: number;
  resolutionMet: number;
}

export interface SummaryReport {
  from: Date;
  to: Date;
  tz: string;
  departmentId: string | null;
  byStatus: Record<TicketStatus, number>;
  byPriority: Record<TicketPriority, number>;
  createdPerDay: DayCount[];
  resolvedPerDay: DayCount[];
  firstResponseMinutes: Percentiles;
  resolutionMinutes: Percentiles;
  /** percentages (0–100, two decimals) of tickets with a target that met it; null when none is decided */
  slaCompliance: { firstResponse: number | null; resolution: number | null };
}

export interface AgentFigures {
  agentId: string;
  fullName: string;
  departmentId: string | null;
  openAssigned: number;
  resolved: number;
  medianFirstResponseMinutes: number | null;
  medianResolutionMinutes: number | null;
}

const round2 = (n: number | null): number | null => (n === null ? null : Math.round(n * 100) / 100);
const percent = (met: number, decided: number): number | null =>
  decided === 0 ? null : round2((100 * met) / decided);

function zeroFilled<K extends string>(
  keys: readonly K[],
  counts: Partial<Record<K, number>>,
): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, counts[k] ?? 0])) as Record<K, number>;
}

function everyDay(days: readonly string[], counts: DayCount[]): DayCount[] {
  const byDay = new Map(counts.map((c) => [c.date, c.count]));
  return days.map((date) => ({ date, count: byDay.get(date) ?? 0 }));
}

/** The summary as the contract shows it: every status, priority and day present, rounded figures. */
export function toSummary(range: ReportRange, departmentId: string | null, f: SummaryFigures): SummaryReport {
  const days = daysOf(range);
  return {
    from: range.from,
    to: range.to,
    tz: range.tz,
    departmentId,
    byStatus: zeroFilled(Object.values(TicketStatus), f.byStatus),
    byPriority: zeroFilled(Object.values(TicketPriority), f.byPriority),
    createdPerDay: everyDay(days, f.createdPerDay),
    resolvedPerDay: everyDay(days, f.resolvedPerDay),
    firstResponseMinutes: {
      median: round2(f.firstResponseMinutes.median),
      p90: round2(f.firstResponseMinutes.p90),
    },
    resolutionMinutes: { median: round2(f.resolutionMinutes.median), p90: round2(f.resolutionMinutes.p90) },
    slaCompliance: {
      firstResponse: percent(f.firstResponseMet, f.firstResponseDecided),
      resolution: percent(f.resolutionMet, f.resolutionDecided),
    },
  };
}

export const roundAgent = (a: AgentFigures): AgentFigures => ({
  ...a,
  medianFirstResponseMinutes: round2(a.medianFirstResponseMinutes),
  medianResolutionMinutes: round2(a.medianResolutionMinutes),
});
