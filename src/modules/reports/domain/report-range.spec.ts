import { DateTime } from 'luxon';
import { dayStarts, daysOf, parseReportRange } from './report-range';
import { agentsCsv, csvCell } from './csv';

const NOW = new Date('2026-11-29T12:00:00Z');

/** A range parsed in Europe/Berlin, from and to the given instants. */
const inBerlin = (from: string, to: string) => ({
  ok: true,
  range: { from: new Date(from), to: new Date(to), tz: 'Europe/Berlin' },
});

describe('report range', () => {
  it('reads dates as whole local days in the timezone, to inclusive', () => {
    expect(parseReportRange({ from: '2026-11-01', to: '2026-11-30', tz: 'Europe/Berlin' }, NOW)).toEqual(
      inBerlin('2026-10-31T23:00:00Z', '2026-11-30T23:00:00Z'),
    );
  });

  it('defaults to the last 30 whole days in the timezone, today included', () => {
    expect(parseReportRange({}, NOW)).toEqual({
      ok: true,
      range: { from: new Date('2026-10-31T00:00:00Z'), to: new Date('2026-11-30T00:00:00Z'), tz: 'UTC' },
    });
    expect(parseReportRange({ tz: 'America/New_York' }, NOW)).toMatchObject({
      ok: true,
      range: { from: new Date('2026-10-31T04:00:00Z'), to: new Date('2026-11-30T05:00:00Z') },
    });
  });

  it.each([
    [{ from: '2026-11-30', to: '2026-11-01' }, 'from', 'must be before to'],
    [{ from: '2025-01-01', to: '2026-06-01' }, 'to', 'must be at most 366 days after from'],
    [{ from: 'yesterday' }, 'from', expect.stringContaining('YYYY-MM-DD')],
    [{ to: '2026-02-30' }, 'to', expect.stringContaining('YYYY-MM-DD')],
    [{ tz: 'Mars/Base' }, 'tz', expect.stringContaining('IANA')],
  ])('refuses %j naming %s', (raw, field, message) => {
    expect(parseReportRange(raw, NOW)).toEqual({ ok: false, problems: [{ field, message }] });
  });

  it('refuses an instant on a day that does not exist instead of rolling it over', () => {
    const NOW_2026 = new Date('2026-03-20T12:00:00Z');
    expect(parseReportRange({ from: '2026-02-30T10:00Z' }, NOW_2026)).toMatchObject({
      ok: false,
      problems: [{ field: 'from' }],
    });
    expect(parseReportRange({ to: '2026-02-29T10:00:00+01:00' }, NOW_2026)).toMatchObject({
      ok: false,
      problems: [{ field: 'to' }],
    });
    expect(parseReportRange({ from: '2026-02-28T10:00Z' }, NOW_2026)).toMatchObject({
      ok: true,
      range: { from: new Date('2026-02-28T10:00:00Z') },
    });
  });

  it('allows 366 local days whatever DST changes they cross, and refuses 367', () => {
    // 2025-10-25 .. 2026-10-25 in Berlin: 366 days, two of them 25 hours long and one 23
    expect(parseReportRange({ from: '2025-10-25', to: '2026-10-25', tz: 'Europe/Berlin' }, NOW)).toEqual(
      inBerlin('2025-10-24T22:00:00Z', '2026-10-25T23:00:00Z'),
    );
    expect(parseReportRange({ from: '2025-10-25', to: '2026-10-26', tz: 'Europe/Berlin' }, NOW)).toEqual({
      ok: false,
      problems: [{ field: 'to', message: 'must be at most 366 days after from' }],
    });
    // instants: the same wall-clock time 366 local days later is the limit
    const instants = (to: string) =>
      parseReportRange({ from: '2025-10-25T10:00:00+02:00', to, tz: 'Europe/Berlin' }, NOW).ok;
    expect(instants('2026-10-26T10:00:00+01:00')).toBe(true);
    expect(instants('2026-10-26T10:00:01+01:00')).toBe(false);
    // where the year has no DST change the limit is as before
    expect(parseReportRange({ from: '2025-06-01', to: '2026-06-01', tz: 'UTC' }, NOW).ok).toBe(true);
    expect(parseReportRange({ from: '2025-06-01', to: '2026-06-02', tz: 'UTC' }, NOW).ok).toBe(false);
  });

  it('lists every local day of a range, across a DST change', () => {
    const parsed = parseReportRange({ from: '2026-10-24', to: '2026-10-26', tz: 'Europe/Berlin' }, NOW);
    if (!parsed.ok) throw new Error('parse');
    expect(daysOf(parsed.range)).toEqual(['2026-10-24', '2026-10-25', '2026-10-26']);
    // each local day starts at its own offset: the 25th is 25 hours long
    expect(dayStarts(parsed.range).map((d) => d.toISOString())).toEqual([
      '2026-10-23T22:00:00.000Z',
      '2026-10-24T22:00:00.000Z',
      '2026-10-25T23:00:00.000Z',
    ]);
  });
});

describe('day starts in UTC', () => {
  it('are the midnights of each date, across a leap day and a year end, after the range own start', () => {
    const range = { from: new Date('2027-12-30T15:30:00Z'), to: new Date('2028-03-02T00:00:00Z'), tz: 'UTC' };
    const starts = dayStarts(range).map((d) => d.toISOString());
    expect(starts[0]).toBe('2027-12-30T15:30:00.000Z');
    expect(starts.slice(1, 4)).toEqual([
      '2027-12-31T00:00:00.000Z',
      '2028-01-01T00:00:00.000Z',
      '2028-01-02T00:00:00.000Z',
    ]);
    expect(starts.slice(-3)).toEqual([
      '2028-02-28T00:00:00.000Z',
      '2028-02-29T00:00:00.000Z',
      '2028-03-01T00:00:00.000Z',
    ]);
    expect(starts).toHaveLength(63);
  });

  it('are what the zone itself says for every day of a year, however UTC is named', () => {
    for (const tz of ['UTC', 'utc', 'Etc/UTC', 'Etc/GMT-3']) {
      const parsed = parseReportRange({ from: '2026-01-01', to: '2026-12-31', tz }, NOW);
      if (!parsed.ok) throw new Error(`parse ${tz}`);
      const asked = daysOf(parsed.range).map((day, i) =>
        i === 0 ? parsed.range.from : DateTime.fromISO(day, { zone: tz }).startOf('day').toJSDate(),
      );
      expect(dayStarts(parsed.range)).toEqual(asked);
    }
  });
});

describe('CSV', () => {
  it('quotes separators and quotes, and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('Doe, "Jo"')).toBe('"Doe, ""Jo"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(null)).toBe('');
    expect(csvCell(12.5)).toBe('12.5');
    expect(
      agentsCsv([
        {
          agentId: 'a',
          fullName: '@lice',
          departmentId: null,
          openAssigned: 1,
          resolved: 2,
          medianFirstResponseMinutes: null,
          medianResolutionMinutes: 30,
        },
      ]),
    ).toBe(
      'agentId,fullName,departmentId,openAssigned,resolved,medianFirstResponseMinutes,medianResolutionMinutes\r\n' +
        "a,'@lice,,1,2,,30\r\n",
    );
  });
});
