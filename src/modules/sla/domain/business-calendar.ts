import { DateTime, IANAZone } from 'luxon';
import { FieldProblem } from '../../../common/errors/domain-errors';
import { CALENDAR_DATE_FORM, isCalendarDate } from '../../../common/time/instant';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
/** in Luxon's order: weekday 1 is Monday */
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** `[["09:00","12:00"],["13:00","17:00"]]` per weekday, local to the calendar's timezone; `"24:00"` ends a day. */
export type WorkingHours = Record<Weekday, Array<[string, string]>>;

/** What a due time is computed from: the timezone, the working intervals of each weekday, and the holidays. */
export interface CalendarSpec {
  timezone: string;
  hours: WorkingHours;
  /** local dates `YYYY-MM-DD` on which nobody works */
  holidays: string[];
}

/** A span in which the clock stood still; `end` null while it still does. */
export interface Pause {
  start: Date;
  end: Date | null;
}

export const MAX_INTERVALS_PER_DAY = 12;
export const MAX_HOLIDAYS = 1000;
/** how far ahead a due time is looked for before it is called unreachable */
const HORIZON_DAYS = 3660;
const MINUTE_MS = 60_000;

const START = /^([01]\d|2[0-3]):([0-5]\d)$/;
const END = /^(([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export const isValidTimezone = (zone: unknown): zone is string =>
  typeof zone === 'string' && zone.length <= 64 && IANAZone.isValidZone(zone) && !/^utc[+-]/i.test(zone);

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/** Checks working hours: known weekdays, `HH:MM` times, no inverted or overlapping intervals, some work in a week. */
export function parseWorkingHours(raw: unknown, path = 'hours'): Parsed<WorkingHours> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return { ok: false, problems: [{ field: path, message: 'must be an object of weekdays (mon … sun)' }] };
  const problems: FieldProblem[] = [];
  const hours = Object.fromEntries(WEEKDAYS.map((d) => [d, []])) as unknown as WorkingHours;
  for (const [day, intervals] of Object.entries(raw as Record<string, unknown>)) {
    const field = `${path}.${day}`;
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      problems.push({ field, message: `is not a weekday (use ${WEEKDAYS.join(', ')})` });
      continue;
    }
    if (!Array.isArray(intervals)) {
      problems.push({ field, message: 'must be a list of ["HH:MM","HH:MM"] intervals' });
      continue;
    }
    if (intervals.length > MAX_INTERVALS_PER_DAY) {
      problems.push({ field, message: `must have at most ${MAX_INTERVALS_PER_DAY} intervals` });
      continue;
    }
    const parsed: Array<{ at: number; pair: [string, string] }> = [];
    intervals.forEach((interval: unknown, i) => {
      const f = `${field}[${i}]`;
      if (
        !Array.isArray(interval) ||
        interval.length !== 2 ||
        typeof interval[0] !== 'string' ||
        typeof interval[1] !== 'string'
      ) {
        problems.push({ field: f, message: 'must be a pair ["HH:MM","HH:MM"]' });
        return;
      }
      const [from, to] = interval as [string, string];
      if (!START.test(from) || !END.test(to)) {
        problems.push({ field: f, message: 'times must be HH:MM (00:00 to 23:59, or 24:00 as an end)' });
        return;
      }
      if (minutesOf(from) >= minutesOf(to)) {
        problems.push({ field: f, message: `is inverted or empty: ${from} is not before ${to}` });
        return;
      }
      parsed.push({ at: i, pair: [from, to] });
    });
    const sorted = [...parsed].sort((a, b) => minutesOf(a.pair[0]) - minutesOf(b.pair[0]));
    for (let i = 1; i < sorted.length; i++) {
      if (minutesOf(sorted[i].pair[0]) < minutesOf(sorted[i - 1].pair[1])) {
        problems.push({
          field: `${field}[${sorted[i].at}]`,
          message: `overlaps ${field}[${sorted[i - 1].at}]`,
        });
      }
    }
    hours[day as Weekday] = sorted.map((p) => p.pair);
  }
  if (problems.length === 0 && WEEKDAYS.every((d) => hours[d].length === 0))
    problems.push({ field: path, message: 'must have at least one working interval in the week' });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: hours };
}

/** Holidays as real calendar dates, de-duplicated and sorted. */
export function parseHolidays(raw: unknown, path = 'holidays'): Parsed<string[]> {
  if (!Array.isArray(raw))
    return { ok: false, problems: [{ field: path, message: 'must be a list of dates' }] };
  if (raw.length > MAX_HOLIDAYS)
    return { ok: false, problems: [{ field: path, message: `must have at most ${MAX_HOLIDAYS} dates` }] };
  const problems: FieldProblem[] = [];
  raw.forEach((d: unknown, i) => {
    if (!isCalendarDate(d)) problems.push({ field: `${path}[${i}]`, message: CALENDAR_DATE_FORM });
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: [...new Set(raw as string[])].sort() };
}

/** A local wall time of `day` (its local midnight); `24:00` is the next local midnight. DST gaps move forward. */
function at(day: DateTime, hhmm: string): number {
  if (hhmm === '24:00') return day.plus({ days: 1 }).startOf('day').toMillis();
  return day.set({ hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3, 5)) }).toMillis();
}

/** The calendar's working spans `[start, end)` in epoch ms, in order, from `fromMs` on (24×7 without a calendar). */
function* workingSpans(calendar: CalendarSpec | null, fromMs: number): Generator<[number, number]> {
  if (!calendar) {
    yield [fromMs, Number.POSITIVE_INFINITY];
    return;
  }
  const holidays = new Set(calendar.holidays);
  let day = DateTime.fromMillis(fromMs, { zone: calendar.timezone }).startOf('day');
  for (let n = 0; n < HORIZON_DAYS; n++, day = day.plus({ days: 1 }).startOf('day')) {
    if (holidays.has(day.toISODate()!)) continue;
    for (const [from, to] of calendar.hours[WEEKDAYS[day.weekday - 1]]) {
      const start = Math.max(at(day, from), fromMs);
      const end = at(day, to);
      if (end > start) yield [start, end];
    }
  }
}

/** `[start, end)` less every pause (sorted by start, open ones running forever). */
function withoutPauses(
  span: [number, number],
  pauses: ReadonlyArray<[number, number]>,
): Array<[number, number]> {
  const left: Array<[number, number]> = [];
  let [start] = span;
  const end = span[1];
  for (const [ps, pe] of pauses) {
    if (pe <= start || ps >= end) continue;
    if (ps > start) left.push([start, ps]);
    start = Math.max(start, pe);
    if (start >= end) return left;
  }
  if (start < end) left.push([start, end]);
  return left;
}

const pauseSpans = (pauses: readonly Pause[]): Array<[number, number]> =>
  pauses
    .map((p): [number, number] => [p.start.getTime(), p.end ? p.end.getTime() : Number.POSITIVE_INFINITY])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);

/**
 * When `minutes` business minutes of `calendar` (24×7 when null) have run since `start`, not counting the pauses.
 * Minutes are real elapsed minutes, so an interval spanning a DST change is as long as it really is. Null when the
 * clock is paused (an open pause) before the target is reached, or when the calendar never gets there.
 */
export function dueAt(
  calendar: CalendarSpec | null,
  start: Date,
  minutes: number,
  pauses: readonly Pause[] = [],
): Date | null {
  let remaining = minutes * MINUTE_MS;
  const paused = pauseSpans(pauses);
  // from the start of a pause still open, no working time is left
  const stopsAt = Math.min(...pauses.filter((p) => !p.end).map((p) => p.start.getTime()));
  for (const span of workingSpans(calendar, start.getTime())) {
    if (span[0] >= stopsAt) return null;
    for (const [s, e] of withoutPauses(span, paused)) {
      if (e - s >= remaining) return new Date(s + remaining);
      remaining -= e - s;
    }
  }
  return null;
}

/** Business minutes of `calendar` between two instants, not counting the pauses (for reports and checks). */
export function businessMinutesBetween(
  calendar: CalendarSpec | null,
  from: Date,
  to: Date,
  pauses: readonly Pause[] = [],
): number {
  const end = to.getTime();
  let total = 0;
  const paused = pauseSpans(pauses);
  for (const span of workingSpans(calendar, from.getTime())) {
    if (span[0] >= end) break;
    for (const [s, e] of withoutPauses([span[0], Math.min(span[1], end)], paused)) total += e - s;
    if (span[1] >= end) break;
  }
  return Math.max(0, total) / MINUTE_MS;
}
