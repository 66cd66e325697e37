import { iso, isoString } from './iso';

describe('isoString', () => {
  it('writes what toISOString writes, across the years and at their edges', () => {
    const instants = [
      Date.UTC(1000, 0, 1),
      Date.UTC(999, 11, 31, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(10000, 0, 1),
      Date.UTC(-1, 5, 1),
      0,
      Date.UTC(2026, 10, 30, 9, 5, 7, 3),
      Date.UTC(2024, 1, 29, 0, 0, 0, 0),
    ];
    for (let t = Date.UTC(1969, 0, 1); t < Date.UTC(2101, 0, 1); t += 86_400_000 * 7 + 3_600_001 * 5 + 997)
      instants.push(t);
    for (const t of instants) expect(isoString(new Date(t))).toBe(new Date(t).toISOString());
  });

  it('refuses an invalid date as toISOString does', () => {
    expect(() => isoString(new Date(NaN))).toThrow(RangeError);
  });

  it('leaves a missing instant null', () => {
    expect(iso(null)).toBeNull();
    expect(iso(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });
});
