export interface RateLimitState {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** seconds until the window resets */
  resetSeconds: number;
}

/** Fixed-window counters shared by every instance (held in Redis). */
export abstract class RateLimiter {
  /** Counts one hit against `key` and tells whether it is within `limit` per `windowSeconds`. */
  abstract hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitState>;
  /** Reads the state without counting; `resetSeconds` is exact only when the limit is spent (`allowed` false). */
  abstract peek(key: string, limit: number, windowSeconds: number): Promise<RateLimitState>;
  abstract reset(key: string): Promise<void>;
}
