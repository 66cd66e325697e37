/**
 * Access tokens whose signature and claims have been verified, kept until they expire, so a token presented on every
 * request is verified once. Keyed by the whole token (signature included): only the very token that was verified is
 * found. An entry is answered only while its `exp` has not passed, decided as the verifier decides it (a token is
 * expired from the second `exp` on), so a remembered token expires at the same instant a verified one would. What a
 * token cannot say (revocation, logout, deactivation, the session's state) is not kept here: the guard reads it on
 * every request. At most `capacity` tokens are kept; past that, the oldest goes.
 */
export class VerifiedTokens<C extends { exp: number }> {
  private readonly claims = new Map<string, C>();

  constructor(
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The claims of a token verified before, while it has not expired; else undefined. */
  get(token: string): C | undefined {
    const claims = this.claims.get(token);
    if (claims === undefined) return undefined;
    if (Math.floor(this.now() / 1000) < claims.exp) return claims;
    this.claims.delete(token);
    return undefined;
  }

  /** Remembers a token the verifier has just accepted, with its claims. */
  remember(token: string, claims: C): void {
    if (this.claims.has(token)) return;
    if (this.claims.size >= this.capacity) {
      const oldest = this.claims.keys().next();
      if (!oldest.done) this.claims.delete(oldest.value);
    }
    this.claims.set(token, claims);
  }

  get size(): number {
    return this.claims.size;
  }
}
