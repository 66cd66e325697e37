/**
 * Reading dates and instants sent by clients. Every form accepted here is one that JavaScript and PostgreSQL read
 * the same way: years 0001 to 9999, real calendar days (no 2024-02-30), hours 00 to 23, offsets up to ±15:59
 * (PostgreSQL refuses larger ones), and an instant whose UTC time also lies in the years 0001 to 9999.
 */

/** `YYYY-MM-DD`, optionally `Thh:mm[:ss[.fraction]]` (a space may stand for the `T`) and `Z` or `±hh:mm`/`±hhmm`. */
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** How instants are described in a 400, after the field's name. */
export const INSTANT_FORM =
  'must be an ISO 8601 date and time such as 2026-12-01T09:00:00Z or 2026-12-01T10:00:00.5+01:00 ' +
  '(a real calendar date in the years 0001 to 9999, an offset of at most ±15:59)';
/** How calendar dates are described in a 400, after the field's name. */
export const CALENDAR_DATE_FORM = 'must be a real calendar date YYYY-MM-DD in the years 0001 to 9999';

/** the Gregorian calendar repeats every 400 years, so a year of 2000 to 2399 has the same months as `year` */
const daysInMonth = (year: number, month: number): number =>
  new Date(Date.UTC(2000 + (year % 400), month, 0)).getUTCDate();

const isRealDay = (year: number, month: number, day: number): boolean =>
  year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);

/** UTC milliseconds of a date and time, for any year from 0001 (Date.UTC reads years 0 to 99 as 1900 to 1999). */
function utcMillis(
  year: number,
  month: number,
  day: number,
  h: number,
  m: number,
  s: number,
  ms: number,
): number {
  const d = new Date(Date.UTC(2000, month - 1, day, h, m, s, ms));
  d.setUTCFullYear(year);
  return d.getTime();
}

/** the first and the last millisecond an instant may name: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z */
const EARLIEST = utcMillis(1, 1, 1, 0, 0, 0, 0);
const LATEST = utcMillis(9999, 12, 31, 23, 59, 59, 999);

/** Whether `value` is a calendar date `YYYY-MM-DD` that exists (no 2024-02-30), in the years 0001 to 9999. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  return m !== null && isRealDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * The instant `value` names, or null when it is not one of the forms above. A date alone is its midnight UTC, and a
 * date and time without an offset is UTC too (timestamps of the API are UTC), unless `offset` is 'required'.
 */
export function readInstant(value: unknown, offset: 'optional' | 'required' = 'optional'): Date | null {
  if (typeof value !== 'string') return null;
  const m = INSTANT.exec(value);
  if (m === null) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isRealDay(year, month, day)) return null;
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const hasOffset = m[8] !== undefined || m[9] !== undefined;
  if (offset === 'required' && !hasOffset) return null;
  const [offsetHours, offsetMinutes] = [Number(m[10] ?? 0), Number(m[11] ?? 0)];
  if (offsetHours > 15 || offsetMinutes > 59) return null;
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const sign = m[9] === '-' ? -1 : 1;
  const time =
    utcMillis(year, month, day, hour, minute, second, millis) -
    sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  return time >= EARLIEST && time <= LATEST ? new Date(time) : null;
}

/** The instant of a value a validator has already accepted (a programming error otherwise). */
export function instantOf(value: string): Date {
  const at = readInstant(value);
  if (at === null) throw new Error('instantOf: the value was not validated as an instant');
  return at;
}
