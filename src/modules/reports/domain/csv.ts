import { AgentFigures, SummaryReport } from './report';

type Cell = string | number | null;

/**
 * One CSV cell (RFC 4180): quoted when it holds a separator, quote or line break; text that a spreadsheet would
 * run as a formula gets a leading apostrophe.
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csv = (rows: Cell[][]): string =>
  rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

/** The summary as `section,key,value` rows. */
export function summaryCsv(s: SummaryReport): string {
  const rows: Cell[][] = [['section', 'key', 'value']];
  for (const [k, v] of Object.entries(s.byStatus)) rows.push(['byStatus', k, v]);
  for (const [k, v] of Object.entries(s.byPriority)) rows.push(['byPriority', k, v]);
  for (const d of s.createdPerDay) rows.push(['createdPerDay', d.date, d.count]);
  for (const d of s.resolvedPerDay) rows.push(['resolvedPerDay', d.date, d.count]);
  rows.push(['firstResponseMinutes', 'median', s.firstResponseMinutes.median]);
  rows.push(['firstResponseMinutes', 'p90', s.firstResponseMinutes.p90]);
  rows.push(['resolutionMinutes', 'median', s.resolutionMinutes.median]);
  rows.push(['resolutionMinutes', 'p90', s.resolutionMinutes.p90]);
  rows.push(['slaCompliance', 'firstResponse', s.slaCompliance.firstResponse]);
  rows.push(['slaCompliance', 'resolution', s.slaCompliance.resolution]);
  return csv(rows);
}

export function agentsCsv(agents: AgentFigures[]): string {
  return csv([
    [
      'agentId',
      'fullName',
      'departmentId',
      'openAssigned',
      'resolved',
      'medianFirstResponseMinutes',
      'medianResolutionMinutes',
    ],
    ...agents.map((a) => [
      a.agentId,
      a.fullName,
      a.departmentId,
      a.openAssigned,
      a.resolved,
      a.medianFirstResponseMinutes,
      a.medianResolutionMinutes,
    ]),
  ]);
}
