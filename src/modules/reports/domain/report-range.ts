import { DateTime, IANAZone, Info } from 'luxon';
import { FieldProblem } from '../../../common/errors/domain-errors';
import { isCalendarDate, readInstant } from '../../../common/time/instant';

/** the longest range a report covers */
export const MAX_RANGE_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 30;

/** `[from, to)` and the timezone its days are counted in. */
export interface ReportRange {
  from: Date;
  to: Date;
  tz: string;
}

export type RangeParse = { ok: true; range: ReportRange } | { ok: false; problems: FieldProblem[] };

/**
 * `from`/`to` as local dates in `tz` (`to` is inclusive: the whole day counts) or as instants with an offset;
 * by default the last 30 local days, today included. From must come before to, and `to` at most 366 local days (in
 * `tz`, so a day across a DST change counts once, whatever its hours) after `from`.
 */
export function parseReportRange(
  raw: { from?: string; to?: string; tz?: string },
  now: Date = new Date(),
): RangeParse {
  const tz = raw.tz ?? 'UTC';
  if (!IANAZone.isValidZone(tz) || /^utc[+-]/i.test(tz))
    return {
      ok: false,
      problems: [{ field: 'tz', message: 'must be an IANA timezone such as Europe/Berlin' }],
    };
  const problems: FieldProblem[] = [];
  const read = (field: 'from' | 'to', value: string | undefined): Date | null | undefined => {
    if (value === undefined) return undefined;
    if (isCalendarDate(value)) {
      const day = DateTime.fromISO(value, { zone: tz });
      if (day.isValid) return (field === 'to' ? day.plus({ days: 1 }) : day).startOf('day').toJSDate();
    }
    const at = readInstant(value, 'required');
    if (at) return at;
    problems.push({
      field,
      message:
        'must be a real calendar date YYYY-MM-DD or an ISO 8601 date and time with an offset such as ' +
        '2026-12-01T09:00:00Z or 2026-12-01T10:00:00+01:00, in the years 0001 to 9999 (an offset of at most ±15:59)',
    });
    return null;
  };
  const given = { from: read('from', raw.from), to: read('to', raw.to) };
  if (problems.length > 0) return { ok: false, problems };
  // by default whole local days, today included: the same query all day long, so it caches
  const to = given.to ?? DateTime.fromJSDate(now, { zone: tz }).plus({ days: 1 }).startOf('day').toJSDate();
  const from =
    given.from ??
    DateTime.fromJSDate(to, { zone: tz }).minus({ days: DEFAULT_RANGE_DAYS }).startOf('day').toJSDate();
  if (from.getTime() >= to.getTime())
    return { ok: false, problems: [{ field: 'from', message: 'must be before to' }] };
  // days as the report counts them, local days in tz: a range across DST changes has days of 23 or 25 hours
  const latest = DateTime.fromJSDate(from, { zone: tz }).plus({ days: MAX_RANGE_DAYS });
  if (to.getTime() > latest.toMillis())
    return {
      ok: false,
      problems: [{ field: 'to', message: `must be at most ${MAX_RANGE_DAYS} days after from` }],
    };
  return { ok: true, range: { from, to, tz } };
}

/** Every local date of the range in its timezone, oldest first (for per-day series with empty days). */
export function daysOf(range: ReportRange): string[] {
  // the first and last local dates need the timezone; the dates between are plain calendar arithmetic
  const first = DateTime.fromJSDate(range.from, { zone: range.tz });
  const last = DateTime.fromMillis(range.to.getTime() - 1, { zone: range.tz }).toISODate()!;
  const days: string[] = [];
  for (let n = 0; n <= MAX_RANGE_DAYS + 1; n++) {
    const iso = new Date(Date.UTC(first.year, first.month - 1, first.day + n)).toISOString().slice(0, 10);
    days.push(iso);
    if (iso >= last) break;
  }
  return days;
}

/**
 * The instant each local day of the range starts (the first is the range's own start), for bucketing in SQL. In a
 * zone of one fixed offset (UTC, the default) each start is the date at midnight less that offset: plain arithmetic,
 * where asking the zone for every day of a long range costs about 1 ms a report; a zone with DST asks it.
 */
export function dayStarts(range: ReportRange, days: readonly string[] = daysOf(range)): Date[] {
  const zone = Info.normalizeZone(range.tz);
  if (zone.isUniversal) {
    const offsetMs = zone.offset(range.from.getTime()) * 60_000;
    return days.map((day, i) => (i === 0 ? range.from : new Date(Date.parse(`${day}T00:00:00Z`) - offsetMs)));
  }
  return days.map((day, i) =>
    i === 0 ? range.from : DateTime.fromISO(day, { zone: range.tz }).startOf('day').toJSDate(),
  );
}
