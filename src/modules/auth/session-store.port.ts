import { SessionState } from '../org/user-directory.port';

/** Everything one request's access check needs from the session store, read in one round trip. */
export interface SessionSnapshot {
  /** the access token, or the whole session (refresh family) it belongs to, was denied */
  denied: boolean;
  /** the token generation a password change made in this session carried it over to, if any */
  carriedGeneration: number | null;
  /** the user's cached session state, null when not cached */
  state: SessionState | null;
  /** the version of the user's cached state when it was read (see cacheState) */
  stateVersion: string | null;
}

/** A user's cached session state and the version it was read at. */
export interface CachedSessionState {
  state: SessionState | null;
  stateVersion: string | null;
}

/**
 * Short-lived session facts held in Redis so every instance sees them at once: denied tokens and sessions, carried
 * sessions, and each user's session state (read from the org module, cached here, dropped on every change).
 */
export abstract class SessionStore {
  /** The access token with this id stops working now, until it would have expired anyway. */
  abstract denyAccessToken(jti: string, ttlSeconds: number): Promise<void>;
  /** Every access token of this session (refresh family) stops working now, for `ttlSeconds` (their longest life). */
  abstract denySession(sessionId: string, ttlSeconds: number): Promise<void>;
  /** What an access check needs, in one round trip. */
  abstract snapshot(jti: string, sessionId: string, userId: string): Promise<SessionSnapshot>;
  /** Those of these access token ids that were denied (one round trip for many). */
  abstract deniedAmong(jtis: readonly string[]): Promise<Set<string>>;
  /** After a password change, the session that made it keeps working under the new generation. */
  abstract carrySession(sessionId: string, generation: number, ttlSeconds: number): Promise<void>;
  abstract carriedGeneration(sessionId: string): Promise<number | null>;
  abstract cachedState(userId: string): Promise<CachedSessionState>;
  /**
   * Caches a state loaded from the database, unless the user changed since `seenVersion` was read: a read that
   * started before a change must not cache what it loaded.
   */
  abstract cacheState(state: SessionState, seenVersion: string | null): Promise<void>;
  /** The user changed: drop the cached state and move its version. */
  abstract forgetState(userId: string): Promise<void>;
}
