import { CustomTypesConfig, types } from 'pg';

/** PostgreSQL's type id of `timestamptz`, the type of every instant the schema stores. */
const TIMESTAMPTZ_OID = 1184;

type TextParser = (text: string) => unknown;

const driverParser = types.getTypeParser(TIMESTAMPTZ_OID, 'text') as TextParser;

const ZERO = 48;

/** The number of `length` decimal digits at `at`, or -1 when one is not a digit. */
function digitsAt(text: string, at: number, length: number): number {
  let value = 0;
  for (let i = at; i < at + length; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * `timestamptz` text as PostgreSQL sends it to a session in UTC (`2026-11-30 13:52:15.897123+00`) into a Date,
 * read digit by digit: the driver's own parser runs three regular expressions and allocates their matches for each
 * of the hundreds of instants in a page of tickets. Anything else (another offset, no fraction digits after the
 * point, a year before 1000, BC, infinity) goes to the driver's parser, so every text gives what it gives: whole
 * milliseconds, the sub-millisecond digits dropped.
 */
export function parseTimestamptz(text: string): unknown {
  const n = text.length;
  // 'YYYY-MM-DD HH:MM:SS' (19), then '.' and 1 to 6 digits or nothing, then '+00'
  if (
    (n === 22 || (n >= 24 && n <= 29)) &&
    text.charCodeAt(n - 3) === 43 && // +
    text.charCodeAt(n - 2) === ZERO &&
    text.charCodeAt(n - 1) === ZERO &&
    text.charCodeAt(4) === 45 && // -
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 32 && // space
    text.charCodeAt(13) === 58 && // :
    text.charCodeAt(16) === 58 &&
    text.charCodeAt(0) !== ZERO
  ) {
    const year = digitsAt(text, 0, 4);
    const month = digitsAt(text, 5, 2);
    const day = digitsAt(text, 8, 2);
    const hour = digitsAt(text, 11, 2);
    const minute = digitsAt(text, 14, 2);
    const second = digitsAt(text, 17, 2);
    let ms = 0;
    let valid = (year | month | day | hour | minute | second) >= 0;
    if (valid && n > 22) {
      const fraction = n - 23; // digits after the point
      const kept = Math.min(fraction, 3);
      ms = digitsAt(text, 20, kept);
      valid = text.charCodeAt(19) === 46 && ms >= 0 && digitsAt(text, 20, fraction) >= 0; // .
      for (let i = kept; i < 3; i++) ms *= 10;
    }
    if (valid) return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  }
  return driverParser(text);
}

/**
 * The type parsers of the service's connections: the driver's, but for `timestamptz` in text form. Given to the
 * pool (TypeORM's `extra.types`), so nothing else that uses the driver in the process changes.
 */
export const serviceTypeParsers: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === TIMESTAMPTZ_OID && format !== 'binary'
      ? parseTimestamptz
      : (types.getTypeParser(oid, format ?? 'text') as unknown)) as CustomTypesConfig['getTypeParser'],
};
