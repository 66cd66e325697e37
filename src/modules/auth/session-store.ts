/** Short-lived session facts held in Redis so every instance sees them at once. */
export abstract class SessionStore {
  /** The access token with this id stops working now, until it would have expired anyway. */
  abstract denyAccessToken(jti: string, ttlSeconds: number): Promise<void>;
  /** Every access token of this session (refresh family) stops working now, for `ttlSeconds` (their longest life). */
  abstract denySession(sessionId: string, ttlSeconds: number): Promise<void>;
  /** Whether the access token, or the whole session it belongs to, was denied. */
  abstract isAccessDenied(jti: string, sessionId: string): Promise<boolean>;
  /** Those of these access token ids that were denied (one round trip for many). */
  abstract deniedAmong(jtis: readonly string[]): Promise<Set<string>>;
  /** After a password change, the session that made it keeps working under the new generation. */
  abstract carrySession(sessionId: string, generation: number, ttlSeconds: number): Promise<void>;
  abstract carriedGeneration(sessionId: string): Promise<number | null>;
}
