import { DateTime } from 'luxon';
import { CalendarSpec, Pause, WorkingHours } from './business-calendar';

/**
 * Due times as a table: a calendar, a start, a target in business minutes and the pauses, and the due time they
 * give (null: never). The arithmetic spec holds `dueAt` and `businessMinutesBetween` to every row.
 */
export const week = (
  workday: Array<[string, string]>,
  weekend: Array<[string, string]> = [],
): WorkingHours => ({
  mon: workday,
  tue: workday,
  wed: workday,
  thu: workday,
  fri: workday,
  sat: weekend,
  sun: weekend,
});

/** Mon–Fri 09:00–12:00 and 13:00–17:00 in Berlin, closed on Christmas Day and New Year's Day */
export const OFFICE: CalendarSpec = {
  timezone: 'Europe/Berlin',
  hours: week(
    [
      ['09:00', '12:00'],
      ['13:00', '17:00'],
    ],
    [],
  ),
  holidays: ['2026-12-25', '2027-01-01'],
};
/** every hour of every day, counted in Berlin */
const ROUND_THE_CLOCK: CalendarSpec = {
  timezone: 'Europe/Berlin',
  hours: week([['00:00', '24:00']], [['00:00', '24:00']]),
  holidays: [],
};
/** Sundays 01:00–04:00 in Berlin: the hours the clocks change */
const NIGHT_SHIFT: CalendarSpec = {
  timezone: 'Europe/Berlin',
  hours: { ...week([]), sun: [['01:00', '04:00']] },
  holidays: [],
};
const NEW_YORK: CalendarSpec = {
  timezone: 'America/New_York',
  hours: week([['09:00', '17:00']]),
  holidays: [],
};

export const berlin = (local: string): Date => DateTime.fromISO(local, { zone: 'Europe/Berlin' }).toJSDate();
export const utc = (iso: string): Date => new Date(iso);
export const pause = (start: Date, end: Date | null): Pause => ({ start, end });

export interface Row {
  name: string;
  calendar: CalendarSpec | null;
  start: Date;
  minutes: number;
  pauses?: Pause[];
  due: Date | null;
}

export const ROWS: Row[] = [
  // working days
  {
    name: 'within a morning',
    calendar: OFFICE,
    start: berlin('2026-11-23T10:00'),
    minutes: 60,
    due: berlin('2026-11-23T11:00'),
  },
  {
    name: 'over lunch',
    calendar: OFFICE,
    start: berlin('2026-11-23T11:30'),
    minutes: 60,
    due: berlin('2026-11-23T13:30'),
  },
  {
    name: 'to the minute of closing',
    calendar: OFFICE,
    start: berlin('2026-11-23T16:00'),
    minutes: 60,
    due: berlin('2026-11-23T17:00'),
  },
  // nights
  {
    name: 'over the night',
    calendar: OFFICE,
    start: berlin('2026-11-23T16:30'),
    minutes: 60,
    due: berlin('2026-11-24T09:30'),
  },
  {
    name: 'opened before opening time',
    calendar: OFFICE,
    start: berlin('2026-11-23T07:00'),
    minutes: 30,
    due: berlin('2026-11-23T09:30'),
  },
  {
    name: 'opened after closing time',
    calendar: OFFICE,
    start: berlin('2026-11-23T18:00'),
    minutes: 30,
    due: berlin('2026-11-24T09:30'),
  },
  // weekends
  {
    name: 'over the weekend',
    calendar: OFFICE,
    start: berlin('2026-11-27T16:00'),
    minutes: 120,
    due: berlin('2026-11-30T10:00'),
  },
  {
    name: 'opened on a Saturday',
    calendar: OFFICE,
    start: berlin('2026-11-28T10:00'),
    minutes: 60,
    due: berlin('2026-11-30T10:00'),
  },
  {
    name: 'a whole working week',
    calendar: OFFICE,
    start: berlin('2026-11-23T09:00'),
    minutes: 5 * 420,
    due: berlin('2026-11-27T17:00'),
  },
  // holidays
  {
    name: 'over Christmas Day and the weekend',
    calendar: OFFICE,
    start: berlin('2026-12-24T16:00'),
    minutes: 120,
    due: berlin('2026-12-28T10:00'),
  },
  {
    name: "over New Year's Day",
    calendar: OFFICE,
    start: berlin('2026-12-31T16:30'),
    minutes: 60,
    due: berlin('2027-01-04T09:30'),
  },
  // DST, spring forward (Berlin 29 March 2026, 02:00 → 03:00)
  {
    name: 'working hours over the spring-forward weekend',
    calendar: OFFICE,
    start: utc('2026-03-27T15:00:00Z'),
    minutes: 120,
    due: utc('2026-03-30T08:00:00Z'),
  },
  {
    name: 'round the clock over the spring-forward night',
    calendar: ROUND_THE_CLOCK,
    start: utc('2026-03-28T19:00:00Z'),
    minutes: 480,
    due: utc('2026-03-29T03:00:00Z'),
  },
  {
    name: 'an interval that loses its missing hour',
    calendar: NIGHT_SHIFT,
    start: berlin('2026-03-29T00:00'),
    minutes: 90,
    due: utc('2026-03-29T01:30:00Z'),
  },
  {
    name: 'New York over its spring-forward weekend',
    calendar: NEW_YORK,
    start: utc('2026-03-06T21:00:00Z'),
    minutes: 120,
    due: utc('2026-03-09T14:00:00Z'),
  },
  // DST, fall back (Berlin 25 October 2026, 03:00 → 02:00)
  {
    name: 'working hours over the fall-back weekend',
    calendar: OFFICE,
    start: utc('2026-10-23T14:00:00Z'),
    minutes: 120,
    due: utc('2026-10-26T09:00:00Z'),
  },
  {
    name: 'round the clock over the fall-back night',
    calendar: ROUND_THE_CLOCK,
    start: utc('2026-10-24T18:00:00Z'),
    minutes: 480,
    due: utc('2026-10-25T02:00:00Z'),
  },
  {
    name: 'an interval that gains the repeated hour',
    calendar: NIGHT_SHIFT,
    start: berlin('2026-10-25T00:00'),
    minutes: 210,
    due: utc('2026-10-25T02:30:00Z'),
  },
  // no calendar: 24×7 in real minutes
  {
    name: 'no calendar',
    calendar: null,
    start: utc('2026-03-29T00:30:00Z'),
    minutes: 90,
    due: utc('2026-03-29T02:00:00Z'),
  },
  // pauses across all of these
  {
    name: 'a pause within working time',
    calendar: OFFICE,
    start: berlin('2026-11-23T10:00'),
    minutes: 120,
    pauses: [pause(berlin('2026-11-23T10:30'), berlin('2026-11-23T11:00'))],
    due: berlin('2026-11-23T13:30'),
  },
  {
    name: 'a pause over the night',
    calendar: OFFICE,
    start: berlin('2026-11-23T10:00'),
    minutes: 240,
    pauses: [pause(berlin('2026-11-23T11:00'), berlin('2026-11-24T09:30'))],
    due: berlin('2026-11-24T13:30'),
  },
  {
    name: 'a pause over the weekend',
    calendar: OFFICE,
    start: berlin('2026-11-27T15:00'),
    minutes: 180,
    pauses: [pause(berlin('2026-11-27T16:00'), berlin('2026-11-30T11:00'))],
    due: berlin('2026-11-30T14:00'),
  },
  {
    name: 'a pause outside working time changes nothing',
    calendar: OFFICE,
    start: berlin('2026-11-23T16:30'),
    minutes: 60,
    pauses: [pause(berlin('2026-11-23T18:00'), berlin('2026-11-24T08:00'))],
    due: berlin('2026-11-24T09:30'),
  },
  {
    name: 'a pause over a holiday',
    calendar: OFFICE,
    start: berlin('2026-12-24T16:00'),
    minutes: 120,
    pauses: [pause(berlin('2026-12-24T16:30'), berlin('2026-12-28T09:30'))],
    due: berlin('2026-12-28T11:00'),
  },
  {
    name: 'a pause over the spring-forward hour',
    calendar: ROUND_THE_CLOCK,
    start: utc('2026-03-28T19:00:00Z'),
    minutes: 480,
    pauses: [pause(utc('2026-03-28T22:00:00Z'), utc('2026-03-29T01:00:00Z'))],
    due: utc('2026-03-29T06:00:00Z'),
  },
  {
    name: 'a pause over the fall-back hour',
    calendar: ROUND_THE_CLOCK,
    start: utc('2026-10-24T18:00:00Z'),
    minutes: 480,
    pauses: [pause(utc('2026-10-25T00:00:00Z'), utc('2026-10-25T02:00:00Z'))],
    due: utc('2026-10-25T04:00:00Z'),
  },
  {
    name: 'a pause without a calendar',
    calendar: null,
    start: utc('2026-11-23T10:00:00Z'),
    minutes: 60,
    pauses: [pause(utc('2026-11-23T10:15:00Z'), utc('2026-11-23T12:15:00Z'))],
    due: utc('2026-11-23T13:00:00Z'),
  },
  {
    name: 'overlapping pauses given out of order',
    calendar: OFFICE,
    start: berlin('2026-11-23T10:00'),
    minutes: 120,
    pauses: [
      pause(berlin('2026-11-23T10:45'), berlin('2026-11-23T11:15')),
      pause(berlin('2026-11-23T10:30'), berlin('2026-11-23T11:00')),
    ],
    due: berlin('2026-11-23T13:45'),
  },
  {
    name: 'a pause still open before the target: no due time',
    calendar: OFFICE,
    start: berlin('2026-11-23T10:00'),
    minutes: 120,
    pauses: [pause(berlin('2026-11-23T11:00'), null)],
    due: null,
  },
  {
    name: 'a pause opened after the due time keeps it',
    calendar: OFFICE,
    start: berlin('2026-11-23T10:00'),
    minutes: 60,
    pauses: [pause(berlin('2026-11-23T14:00'), null)],
    due: berlin('2026-11-23T11:00'),
  },
];
