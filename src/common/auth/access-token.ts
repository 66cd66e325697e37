import { Actor } from './actor';

/** The access token a request came with: what logout denies and what a real-time stream keeps watching. */
export interface AccessToken {
  /** the token's id and expiry (seconds since epoch) */
  jti: string;
  exp: number;
  /** the session (refresh-token family) the token belongs to */
  sessionId: string;
}

/** What the JWT guard puts on the request: the caller and the token they presented. */
export interface Authenticated {
  actor: Actor;
  token: AccessToken;
}

/** Who the request's guards admitted: the bearer's actor, or on login the user whose password matched. */
export type Admitted = Authenticated | { id: string };

export const admittedId = (user: Admitted | undefined): string | null =>
  user ? ('actor' in user ? user.actor.id : user.id) : null;
