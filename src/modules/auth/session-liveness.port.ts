import { AccessToken } from '../../common/auth/access-token';
import { Actor } from '../../common/auth/actor';
import { SessionState } from '../org/user-directory.port';

/** A session someone holds open (a real-time stream): the caller and the token generation it was admitted under. */
export interface WatchedSession {
  actor: Actor;
  token: AccessToken;
  generation: number;
}

/**
 * For connections that outlive a request (real-time streams): admits them with an access token and then answers,
 * for many of them at once, whether their session still stands.
 */
export abstract class SessionLiveness {
  /** An access token checked exactly as the bearer guard checks it; null when it is not valid. */
  abstract authenticate(accessToken: string): Promise<WatchedSession | null>;
  /** The session of a caller the guard already admitted; null when the user is no longer active. */
  abstract watch(actor: Actor, token: AccessToken): Promise<WatchedSession | null>;
  /** For each session, the user's state while it stands, else null. */
  abstract check(watched: readonly WatchedSession[]): Promise<Array<SessionState | null>>;
}
