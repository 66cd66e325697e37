import { judgeRefresh, StoredRefreshToken } from './refresh-token';

describe('judgeRefresh', () => {
  const now = new Date('2026-11-21T12:00:00Z');
  const token = (over: Partial<StoredRefreshToken> = {}): StoredRefreshToken => ({
    id: 't1',
    userId: 'u1',
    familyId: 'f1',
    generation: 3,
    expiresAt: new Date('2026-12-01T00:00:00Z'),
    usedAt: null,
    revokedAt: null,
    ...over,
  });
  const user = { isActive: true, tokenGeneration: 3 };

  it('rotates a fresh, current token', () => {
    expect(judgeRefresh(token(), user, now)).toEqual({ kind: 'rotate' });
  });
  it('treats a used token as reuse', () => {
    expect(judgeRefresh(token({ usedAt: new Date('2026-11-20T00:00:00Z') }), user, now)).toEqual({
      kind: 'reuse',
    });
  });
  it('treats a revoked token as reuse', () => {
    expect(judgeRefresh(token({ revokedAt: new Date('2026-11-20T00:00:00Z') }), user, now)).toEqual({
      kind: 'reuse',
    });
  });
  it('reports reuse before expiry: a used token stays suspicious after it expires', () => {
    const t = token({
      usedAt: new Date('2026-11-01T00:00:00Z'),
      expiresAt: new Date('2026-11-02T00:00:00Z'),
    });
    expect(judgeRefresh(t, user, now).kind).toBe('reuse');
  });
  it('refuses an expired token', () => {
    expect(judgeRefresh(token({ expiresAt: now }), user, now)).toEqual({ kind: 'expired' });
  });
  it('refuses a token of a deactivated user', () => {
    expect(judgeRefresh(token(), { ...user, isActive: false }, now)).toEqual({ kind: 'inactive' });
  });
  it('refuses a token issued before the sessions were ended', () => {
    expect(judgeRefresh(token({ generation: 2 }), user, now)).toEqual({ kind: 'stale' });
  });
});
