import { types } from 'pg';
import { parseTimestamptz, serviceTypeParsers } from './pg-type-parsers';

const driver = types.getTypeParser(1184, 'text') as (text: string) => unknown;

/** What a value compares as: a Date by its time (NaN for an invalid one), anything else as it is. */
const comparable = (v: unknown): unknown => (v instanceof Date ? `date:${v.getTime()}` : v);

describe('parseTimestamptz', () => {
  it('gives what the driver gives for the texts PostgreSQL sends in UTC, at every fraction length', () => {
    let seed = 7;
    const random = (n: number): number => {
      // 32-bit arithmetic: a product past 2^53 would lose its low bits and repeat a few values
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pad = (v: number, w: number): string => String(v).padStart(w, '0');
    for (let i = 0; i < 20_000; i++) {
      const base =
        `${pad(1000 + random(9000), 4)}-${pad(1 + random(12), 2)}-${pad(1 + random(28), 2)} ` +
        `${pad(random(24), 2)}:${pad(random(60), 2)}:${pad(random(60), 2)}`;
      const digits = random(7); // 0 to 6 digits after the point
      const text = `${base}${digits ? `.${pad(random(10 ** digits), digits)}` : ''}+00`;
      expect(comparable(parseTimestamptz(text))).toBe(comparable(driver(text)));
    }
  });

  it.each([
    '2026-11-30 13:52:15.897123+00',
    '2026-11-30 13:52:15.8+00',
    '2026-11-30 13:52:15.000001+00',
    '2026-11-30 13:52:15.999999+00',
    '2026-11-30 13:52:15+00',
    '2024-02-29 23:59:59.999+00',
    '9999-12-31 23:59:59.999999+00',
    '1000-01-01 00:00:00+00',
    // rolled over by Date.UTC, as the driver's parser does
    '2026-13-40 25:61:61+00',
    // left to the driver's parser
    '0999-01-01 00:00:00+00',
    '0045-06-07 08:09:10+00',
    '2026-11-30 13:52:15.897+01',
    '2026-11-30 13:52:15.897-03',
    '2026-11-30 13:52:15.897+05:30',
    '2026-11-30 13:52:15.897+00:00',
    '2026-11-30 13:52:15.+00',
    '2026-11-30 13:52:15.1234567+00',
    '2026-11-30 13:52:15.89a+00',
    '2026-1a-30 13:52:15+00',
    '2026-11-30T13:52:15+00',
    '0044-03-15 12:00:00+00 BC',
    'infinity',
    '-infinity',
    '',
    'not a time',
  ])('%s: the same as the driver', (text) => {
    expect(comparable(parseTimestamptz(text))).toBe(comparable(driver(text)));
  });

  it('is the parser of timestamptz in text form only; every other type keeps the driver’s', () => {
    const parserOf = serviceTypeParsers.getTypeParser as (oid: number, format?: string) => unknown;
    expect(parserOf(1184, 'text')).toBe(parseTimestamptz);
    expect(parserOf(1184)).toBe(parseTimestamptz);
    expect(parserOf(1184, 'binary')).toBe(types.getTypeParser(1184, 'binary'));
    expect(parserOf(1114, 'text')).toBe(types.getTypeParser(1114, 'text'));
    expect(parserOf(23, 'text')).toBe(types.getTypeParser(23, 'text'));
  });
});
