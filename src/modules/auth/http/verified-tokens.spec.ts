import { VerifiedTokens } from './verified-tokens';

describe('VerifiedTokens', () => {
  const claims = (exp: number) => ({ sub: 'u', exp });

  it('answers a remembered token until the second its exp names, as the verifier decides expiry', () => {
    let now = 1_000_000_000;
    const tokens = new VerifiedTokens<{ sub: string; exp: number }>(10, () => now);
    tokens.remember('a.b.c', claims(1_000_010));
    now = 1_000_009_999; // 1,000,009.999 s: still before exp
    expect(tokens.get('a.b.c')).toEqual(claims(1_000_010));
    now = 1_000_010_000; // exp itself: expired
    expect(tokens.get('a.b.c')).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it('finds only the very token remembered', () => {
    const tokens = new VerifiedTokens<{ sub: string; exp: number }>(10, () => 0);
    tokens.remember('a.b.c', claims(60));
    expect(tokens.get('a.b.C')).toBeUndefined();
    expect(tokens.get('a.b')).toBeUndefined();
  });

  it('keeps at most its capacity, letting the oldest go', () => {
    const tokens = new VerifiedTokens<{ sub: string; exp: number }>(2, () => 0);
    tokens.remember('t1', claims(60));
    tokens.remember('t2', claims(60));
    tokens.remember('t3', claims(60));
    expect(tokens.size).toBe(2);
    expect(tokens.get('t1')).toBeUndefined();
    expect(tokens.get('t2')).toBeDefined();
    expect(tokens.get('t3')).toBeDefined();
  });
});
