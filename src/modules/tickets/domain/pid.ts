/** Human-readable ticket ids: TKT-YYYYMM-NNNNNN, numbered per calendar month (UTC); the pattern is in common/ids. */
export { isPid, PID_PATTERN } from '../../../common/ids';

export const pidPeriod = (at: Date): string =>
  `${at.getUTCFullYear()}${String(at.getUTCMonth() + 1).padStart(2, '0')}`;

export function formatPid(period: string, sequence: number): string {
  if (!/^\d{6}$/.test(period)) throw new Error(`bad PID period ${period}`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new Error(`bad PID sequence ${sequence}`);
  return `TKT-${period}-${String(sequence).padStart(6, '0')}`;
}
