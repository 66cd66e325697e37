/**
 * The PID of counter value `sequence` in month `period` as SQL, the same text as the domain's formatPid:
 * `TKT-<period>-` and the number zero-padded to six digits (longer numbers are kept whole, never cut).
 */
export const PID_SQL = (period: string, sequence: string): string =>
  `'TKT-' || ${period} || '-' || lpad((${sequence})::text, greatest(6, length((${sequence})::text)), '0')`;
