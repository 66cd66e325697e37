import { isValidTimezone, parseHolidays, parseWorkingHours } from './business-calendar';
import { CALENDAR_DATE_FORM } from '../../../common/time/instant';

describe('business calendar validation', () => {
  it('accepts several intervals a day in any order and sorts them', () => {
    const parsed = parseWorkingHours({
      mon: [
        ['13:00', '17:00'],
        ['09:00', '12:00'],
      ],
      sun: [['00:00', '24:00']],
    });
    expect(parsed).toEqual({
      ok: true,
      value: expect.objectContaining({
        mon: [
          ['09:00', '12:00'],
          ['13:00', '17:00'],
        ],
        tue: [],
        sun: [['00:00', '24:00']],
      }),
    });
  });

  it.each([
    [
      {
        mon: [
          ['09:00', '12:00'],
          ['11:00', '13:00'],
        ],
      },
      'hours.mon[1]',
      /overlaps hours.mon\[0\]/,
    ],
    [{ tue: [['17:00', '09:00']] }, 'hours.tue[0]', /inverted/],
    [{ wed: [['09:00', '09:00']] }, 'hours.wed[0]', /inverted/],
    [{ thu: [['9:00', '12:00']] }, 'hours.thu[0]', /HH:MM/],
    [{ fri: [['24:00', '24:00']] }, 'hours.fri[0]', /HH:MM/],
    [{ fri: [['09:00']] }, 'hours.fri[0]', /pair/],
    [{ funday: [] }, 'hours.funday', /not a weekday/],
    [{ mon: [] }, 'hours', /at least one working interval/],
    [[], 'hours', /object/],
  ])('refuses %j naming %s', (raw, field, message) => {
    const parsed = parseWorkingHours(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.problems).toContainEqual({ field, message: expect.stringMatching(message) });
  });

  it('checks timezones against the IANA database', () => {
    expect(isValidTimezone('Europe/Berlin')).toBe(true);
    expect(isValidTimezone('UTC')).toBe(true);
    expect(isValidTimezone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimezone('UTC+3')).toBe(false);
    expect(isValidTimezone(3)).toBe(false);
  });

  it('checks holidays are real dates', () => {
    expect(parseHolidays(['2026-12-25', '2026-01-01', '2026-12-25'])).toEqual({
      ok: true,
      value: ['2026-01-01', '2026-12-25'],
    });
    expect(parseHolidays(['2026-02-30'])).toEqual({
      ok: false,
      problems: [{ field: 'holidays[0]', message: CALENDAR_DATE_FORM }],
    });
    // PostgreSQL has no year 0, and JavaScript reads it as 1 BC
    expect(parseHolidays(['2026-12-25', '0000-01-01', '2023-02-29'])).toEqual({
      ok: false,
      problems: [
        { field: 'holidays[1]', message: CALENDAR_DATE_FORM },
        { field: 'holidays[2]', message: CALENDAR_DATE_FORM },
      ],
    });
    expect(parseHolidays('2026-12-25')).toMatchObject({ ok: false });
  });
});
