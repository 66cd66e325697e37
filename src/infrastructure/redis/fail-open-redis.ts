import type Redis from 'ioredis';
import { redisReady } from './redis-available';

/** What to do besides answering the fallback. */
export interface FailOpenHooks {
  /** the client was not connected (already counted as `redis_degraded_total{feature}`) */
  unavailable?: () => void;
  /** the command failed (not counted: the caller decides) */
  failed?: (error: unknown) => void;
}

/**
 * Redis for what can do without it: caches and short-lived facts. `run` answers what `work` got from Redis, or the
 * fallback at once when the client is not connected (never queueing behind a reconnect; counted as
 * `redis_degraded_total{feature}`) or when a command fails. It never throws a Redis error, so a cache in front of
 * PostgreSQL fails open. Used by org's reference cache, auth's session store and known login addresses, the ticket
 * summary cache and the report cache.
 */
export class FailOpenRedis {
  constructor(
    readonly client: Redis,
    private readonly feature: string,
  ) {}

  async run<T>(work: (redis: Redis) => Promise<T>, fallback: T, hooks: FailOpenHooks = {}): Promise<T> {
    if (!redisReady(this.client, this.feature)) {
      hooks.unavailable?.();
      return fallback;
    }
    try {
      return await work(this.client);
    } catch (error) {
      hooks.failed?.(error);
      return fallback;
    }
  }
}
