import { canonicalOrder, pickRoundRobin, poolKey, poolOf } from './round-robin';

const A = 'aaaaaaaa-0000-4000-8000-000000000000';
const B = 'bbbbbbbb-0000-4000-8000-000000000000';
const C = 'cccccccc-0000-4000-8000-000000000000';

describe('round robin rotation', () => {
  it('walks the sorted list in order, starting with the first agent for counter 1', () => {
    const picks = [1, 2, 3, 4, 5, 6, 7].map((n) => pickRoundRobin([A, B, C], n));
    expect(picks).toEqual([A, B, C, A, B, C, A]);
  });

  it.each([
    [30, 3],
    [31, 3],
    [32, 3],
    [100, 7],
    [5, 9],
  ])('gives each of %i assignments among %i agents N/K ± 1 from any starting counter', (n, k) => {
    const agents = Array.from({ length: k }, (_, i) => `agent-${String(i).padStart(2, '0')}`);
    for (const start of [1, 2, 17, 1_000_003]) {
      const counts = new Map<string, number>(agents.map((a) => [a, 0]));
      for (let c = start; c < start + n; c++) {
        const pick = pickRoundRobin(agents, c)!;
        counts.set(pick, counts.get(pick)! + 1);
      }
      for (const count of counts.values()) {
        expect(Math.abs(count - n / k)).toBeLessThanOrEqual(1);
      }
      expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(n);
    }
  });

  it('picks nobody from an empty pool', () => {
    expect(pickRoundRobin([], 1)).toBeNull();
  });

  it('skips agents that left the pool: the remaining ones share the rotation', () => {
    // B became unavailable: the pool no longer lists B, so B is never picked
    const picks = [1, 2, 3, 4].map((n) => pickRoundRobin([A, C], n));
    expect(picks).toEqual([A, C, A, C]);
  });

  it('refuses a counter that is not an integer', () => {
    expect(() => pickRoundRobin([A], Number.NaN)).toThrow(RangeError);
    expect(() => pickRoundRobin([A], 1.5)).toThrow(RangeError);
  });

  it('orders ids canonically (lower case, sorted, no duplicates) so every instance agrees', () => {
    expect(canonicalOrder([C, A.toUpperCase(), B, A])).toEqual([A, B, C]);
  });

  it('uses the team as the pool when the ticket has one, else the department', () => {
    expect(poolOf({ departmentId: 'd', teamId: 't' })).toEqual({ kind: 'team', id: 't' });
    expect(poolOf({ departmentId: 'd', teamId: null })).toEqual({ kind: 'dept', id: 'd' });
    expect(poolOf({ departmentId: null, teamId: null })).toBeNull();
    expect(poolKey({ kind: 'dept', id: 'd' })).toBe('dept:d');
    expect(poolKey({ kind: 'team', id: 't' })).toBe('team:t');
  });
});
