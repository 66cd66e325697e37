import type Redis from 'ioredis';
import { redisDegraded, redisReady } from './redis-available';

/** What to do besides answering the fallback. */
export interface FailOpenHooks {
  /** the client was not connected, or Redis is stalled (already counted as `redis_degraded_total{feature}`) */
  unavailable?: () => void;
  /** the command failed or did not answer in time (not counted: the caller decides) */
  failed?: (error: unknown) => void;
}

/**
 * How long a command may take before its caller gets the fallback. A stalled Redis (paused, blocked by a long
 * script, a half-open connection after a partition) keeps the client `ready`, and ioredis would wait for it without
 * end: every request that reads a cache, a session or a rate-limit counter would hang with it.
 */
export const FAIL_OPEN_TIMEOUT_MS = 1000;

const TIMED_OUT = Symbol('timed out');
const ignore = (): void => undefined;

/**
 * Redis for what can do without it: caches and short-lived facts. `run` answers what `work` got from Redis, or the
 * fallback:
 * - at once when the client is not connected (never queueing behind a reconnect; counted as
 *   `redis_degraded_total{feature}`);
 * - when a command fails;
 * - when it has not answered within FAIL_OPEN_TIMEOUT_MS. Redis is then taken as stalled: until that command
 *   settles, later calls get the fallback at once (counted as degraded) instead of queueing more commands behind it.
 *
 * It never throws a Redis error, so a cache in front of PostgreSQL fails open. Used by org's reference cache, auth's
 * session store and known login addresses, the rate limiters, the ticket summary cache and the report cache.
 */
export class FailOpenRedis {
  /** the command that timed out, until it settles */
  private stalled?: Promise<void>;

  constructor(
    readonly client: Redis,
    private readonly feature: string,
    private readonly timeoutMs = FAIL_OPEN_TIMEOUT_MS,
  ) {}

  async run<T>(work: (redis: Redis) => Promise<T>, fallback: T, hooks: FailOpenHooks = {}): Promise<T> {
    if (this.stalled) redisDegraded(this.feature);
    if (this.stalled || !redisReady(this.client, this.feature)) {
      hooks.unavailable?.();
      return fallback;
    }
    let timer: NodeJS.Timeout | undefined;
    const pending = work(this.client);
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), this.timeoutMs);
    });
    try {
      const answer = await Promise.race([pending, timeout]);
      if (answer !== TIMED_OUT) return answer;
      const settled: Promise<void> = pending.then(ignore, ignore).then(() => {
        if (this.stalled === settled) this.stalled = undefined;
      });
      this.stalled = settled;
      hooks.failed?.(new Error(`Redis did not answer within ${this.timeoutMs} ms`));
      return fallback;
    } catch (error) {
      hooks.failed?.(error);
      return fallback;
    } finally {
      clearTimeout(timer);
    }
  }
}
