/** What a stream token stands for: the session that asked for it. */
export interface StreamGrant {
  userId: string;
  sessionId: string;
  /** the access token that asked, so a logout with it ends the stream too */
  jti: string;
  exp: number;
  generation: number;
}

/** Single-use, short-lived tokens for `GET /events/stream?token=`; only their hash is kept. */
export abstract class StreamTokens {
  abstract issue(grant: StreamGrant, ttlSeconds: number): Promise<string>;
  /** The grant, once: a second redemption of the same token (or an expired one) finds nothing. */
  abstract redeem(token: string): Promise<StreamGrant | null>;
}
