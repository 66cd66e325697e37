import { businessMinutesBetween, CalendarSpec, dueAt } from './business-calendar';
import { berlin, OFFICE, pause, ROWS, utc, week } from './business-calendar.table';

describe('business calendar arithmetic', () => {
  it.each(ROWS)('$name', ({ calendar, start, minutes, pauses, due }) => {
    expect(dueAt(calendar, start, minutes, pauses)?.toISOString() ?? null).toBe(due?.toISOString() ?? null);
    // and back: exactly the target's business minutes lie between the start and the due time
    if (due) expect(businessMinutesBetween(calendar, start, due, pauses)).toBe(minutes);
  });

  it('gives the same answer computed afresh as step by step, whatever the order the pauses are stored in', () => {
    const pauses = [
      pause(berlin('2026-12-24T16:30'), berlin('2026-12-28T09:30')),
      pause(berlin('2026-11-27T16:00'), berlin('2026-11-30T11:00')),
    ];
    const start = berlin('2026-11-27T15:00');
    const fresh = dueAt(OFFICE, start, 3000, pauses);
    expect(dueAt(OFFICE, start, 3000, [...pauses].reverse())).toEqual(fresh);
    expect(businessMinutesBetween(OFFICE, start, fresh!, pauses)).toBe(3000);
  });

  it('counts a calendar with one working hour a week', () => {
    const oneHourAWeek: CalendarSpec = {
      timezone: 'UTC',
      hours: { ...week([]), fri: [['09:00', '10:00']] },
      holidays: [],
    };
    // one hour a week: ten working hours take ten weeks
    expect(dueAt(oneHourAWeek, utc('2026-11-23T00:00:00Z'), 600)?.toISOString()).toBe(
      '2027-01-29T10:00:00.000Z',
    );
  });
});
