import { formatPid, isPid, pidPeriod } from './pid';

describe('PID', () => {
  it('formats TKT-YYYYMM-NNNNNN', () => {
    expect(formatPid('202611', 42)).toBe('TKT-202611-000042');
    expect(formatPid('202601', 1234567)).toBe('TKT-202601-1234567');
  });
  it('takes the period from the UTC month', () => {
    expect(pidPeriod(new Date('2026-11-30T23:59:59Z'))).toBe('202611');
    expect(pidPeriod(new Date('2026-12-01T00:00:00Z'))).toBe('202612');
  });
  it.each([
    ['TKT-202611-000042', true],
    ['TKT-202613-000042', false],
    ['TKT-202611-42', false],
    ['3f1c2a4e-1b2c-4d5e-8f90-123456789abc', false],
  ])('recognises PIDs: %s is one: %s', (text, pid) => {
    expect(isPid(text)).toBe(pid);
  });
  it('refuses nonsense', () => {
    expect(() => formatPid('2026-11', 1)).toThrow();
    expect(() => formatPid('202611', 0)).toThrow();
  });
});
