import { instantOf, isCalendarDate, readInstant } from './instant';

const read = (value: unknown, offset?: 'optional' | 'required') =>
  readInstant(value, offset)?.toISOString() ?? null;

describe('readInstant', () => {
  it('reads dates and times with and without offsets, with fractions of a second', () => {
    expect(
      [
        '2026-12-01T09:00:00Z',
        '2026-12-01T09:00:00.123+02:00',
        '2026-12-01T09:00:00.123456789-0530',
        '2026-12-01T09:00',
        '2026-12-01 09:00:00z',
        '2026-12-01',
        '2024-02-29T23:59:59.9+15:59',
        '0001-01-01T00:00:00Z',
        '9999-12-31T23:59:59.999Z',
      ].map((v) => read(v)),
    ).toEqual([
      '2026-12-01T09:00:00.000Z',
      '2026-12-01T07:00:00.123Z',
      '2026-12-01T14:30:00.123Z',
      '2026-12-01T09:00:00.000Z',
      '2026-12-01T09:00:00.000Z',
      '2026-12-01T00:00:00.000Z',
      '2024-02-29T08:00:59.900Z',
      '0001-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
    ]);
  });

  it('agrees with Date.parse wherever both read a value with an offset', () => {
    for (const v of ['2026-03-29T02:30:00+01:00', '1970-01-01T00:00:00.001Z', '2400-02-29T12:00:00-12:00'])
      expect(read(v)).toBe(new Date(v).toISOString());
  });

  it('refuses what JavaScript or PostgreSQL would not read as written', () => {
    for (const value of [
      '2024-02-30T00:00:00Z',
      '2023-02-29',
      '2100-02-29T00:00:00Z',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '0000-01-01T00:00:00Z',
      '0001-01-01T00:00:00+00:01',
      '9999-12-31T23:59:59-00:01',
      '+275760-09-13T00:00:00Z',
      '275760-09-13T00:00:00Z',
      '-2026-01-01T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T23:60:00Z',
      '2026-01-01T23:59:60Z',
      '2026-01-01T00:00:00+16:00',
      '2026-01-01T00:00:00+23:59',
      '2026-01-01T00:00:00+05:60',
      '2026-01-01T10Z',
      '2026-01-01T10:00:00,5Z',
      '2026-01-01T10:00:00.Z',
      '2026-01-01T10:00:00.1234567891Z',
      '2026-01-01T10:00:00+05',
      '2026-W01-1',
      '2026-100',
      '20260101',
      '2026',
      '2026-01',
      ' 2026-01-01',
      '2026-01-01T10:00:00Z\n',
      'tomorrow',
      '',
      1,
      null,
      undefined,
    ])
      expect([value, read(value)]).toEqual([value, null]);
  });

  it('may require an offset', () => {
    expect(read('2026-12-01T09:00:00+01:00', 'required')).toBe('2026-12-01T08:00:00.000Z');
    expect(read('2026-12-01T09:00:00Z', 'required')).toBe('2026-12-01T09:00:00.000Z');
    expect(read('2026-12-01T09:00:00', 'required')).toBeNull();
    expect(read('2026-12-01', 'required')).toBeNull();
  });

  it('instantOf reads an accepted value and throws on any other', () => {
    expect(instantOf('2026-12-01T09:00:00+01:00').toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(() => instantOf('2026-02-30')).toThrow();
  });
});

describe('isCalendarDate', () => {
  it('takes real dates of the years 0001 to 9999 only', () => {
    for (const v of ['2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31', '2026-12-25'])
      expect([v, isCalendarDate(v)]).toEqual([v, true]);
    for (const v of [
      '2024-02-30',
      '2023-02-29',
      '1900-02-29',
      '0000-01-01',
      '2026-13-01',
      '2026-1-1',
      '20261225',
      '2026-12-25T00:00:00Z',
      20261225,
    ])
      expect([v, isCalendarDate(v)]).toEqual([v, false]);
  });
});
