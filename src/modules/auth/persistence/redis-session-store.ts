import { Inject, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { redisDegraded } from '../../../infrastructure/redis/redis-available';
import { FailOpenRedis } from '../../../infrastructure/redis/fail-open-redis';
import { existingAmong } from '../../../infrastructure/redis/pipelined-exists';
import { MetricsService } from '../../../infrastructure/metrics/metrics.service';
import { SessionState } from '../../org/user-directory.port';
import { CachedSessionState, SessionSnapshot, SessionStore } from '../session-store.port';
import { Implements } from '../../../common/di/implements';

const STATE_TTL_SECONDS = 300;
const deniedKey = (jti: string) => `auth:denied:${jti}`;
const deniedSessionKey = (sessionId: string) => `auth:denied-session:${sessionId}`;
const carryKey = (sessionId: string) => `auth:carry:${sessionId}`;
const stateKey = (userId: string) => `auth:session:${userId}`;
/** bumped whenever the user changes, so a read that started before the change cannot cache what it loaded */
const versionKey = (userId: string) => `auth:session-version:${userId}`;
const CACHE_IF_UNCHANGED = `
local current = redis.call('GET', KEYS[1]) or ''
if current == ARGV[1] then redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3]) end
return 1`;

const NOTHING_KNOWN: SessionSnapshot = {
  denied: false,
  carriedGeneration: null,
  state: null,
  stateVersion: null,
};

const parseState = (value: string | null): SessionState | null =>
  value === null ? null : (JSON.parse(value) as SessionState);

@Implements(SessionStore)
export class RedisSessionStore extends SessionStore {
  private readonly logger = new Logger(RedisSessionStore.name);
  private readonly degraded;
  private readonly redis: FailOpenRedis;

  constructor(@Inject(Redis) redis: Redis, metrics: MetricsService) {
    super();
    this.redis = new FailOpenRedis(redis, 'session');
    this.degraded = metrics.counter(
      'auth_session_store_degraded_total',
      'Access checks made without Redis (denylist and carried sessions unknown)',
    );
  }

  /**
   * Reads that fail open: with Redis down the API keeps serving (tokens are still verified, and the user's state
   * comes from PostgreSQL); only a logout within the last access-token lifetime cannot be enforced meanwhile.
   */
  private read<T>(work: (redis: Redis) => Promise<T>, fallback: T): Promise<T> {
    return this.redis.run(work, fallback, {
      unavailable: () => this.degraded.inc(), // redis_degraded_total{feature="session"} counted by the check
      failed: (err) => {
        this.logger.warn({ err: (err as Error).message }, 'session store read failed');
        this.degrade();
      },
    });
  }

  private degrade(): void {
    this.degraded.inc();
    redisDegraded('session');
  }

  async denyAccessToken(jti: string, ttlSeconds: number): Promise<void> {
    if (ttlSeconds > 0) await this.write((redis) => redis.set(deniedKey(jti), '1', 'EX', ttlSeconds));
  }

  async denySession(sessionId: string, ttlSeconds: number): Promise<void> {
    if (ttlSeconds > 0)
      await this.write((redis) => redis.set(deniedSessionKey(sessionId), '1', 'EX', ttlSeconds));
  }

  /** One MGET: the two denial markers, the carried generation, and the user's cached state with its version. */
  snapshot(jti: string, sessionId: string, userId: string): Promise<SessionSnapshot> {
    return this.read(async (redis) => {
      const [denied, deniedSession, carried, version, state] = await redis.mget(
        deniedKey(jti),
        deniedSessionKey(sessionId),
        carryKey(sessionId),
        versionKey(userId),
        stateKey(userId),
      );
      return {
        denied: denied !== null || deniedSession !== null,
        carriedGeneration: carried === null ? null : Number(carried),
        state: parseState(state),
        stateVersion: version,
      };
    }, NOTHING_KNOWN);
  }

  deniedAmong(jtis: readonly string[]): Promise<Set<string>> {
    if (jtis.length === 0) return Promise.resolve(new Set());
    return this.read(async (redis) => {
      const pipeline = redis.pipeline();
      for (const jti of jtis) pipeline.exists(deniedKey(jti));
      return existingAmong(jtis, await pipeline.exec());
    }, new Set<string>());
  }

  async carrySession(sessionId: string, generation: number, ttlSeconds: number): Promise<void> {
    await this.write((redis) => redis.set(carryKey(sessionId), String(generation), 'EX', ttlSeconds));
  }

  /** Writes that degrade: the caller's change in PostgreSQL stands; only this short-lived fact is lost. */
  private async write(work: (redis: Redis) => Promise<unknown>): Promise<void> {
    await this.redis.run(work, undefined, {
      unavailable: () => {
        this.degrade();
        this.logger.warn('Redis unavailable: session fact not recorded');
      },
      failed: (err) => {
        this.degrade();
        this.logger.warn({ err: (err as Error).message }, 'session store write failed');
      },
    });
  }

  carriedGeneration(sessionId: string): Promise<number | null> {
    return this.read(async (redis) => {
      const value = await redis.get(carryKey(sessionId));
      return value === null ? null : Number(value);
    }, null);
  }

  cachedState(userId: string): Promise<CachedSessionState> {
    return this.read(
      async (redis) => {
        const [version, state] = await redis.mget(versionKey(userId), stateKey(userId));
        return { state: parseState(state), stateVersion: version };
      },
      { state: null, stateVersion: null },
    );
  }

  async cacheState(state: SessionState, seenVersion: string | null): Promise<void> {
    // Redis away: nothing to fill; the next request reads PostgreSQL again.
    // Only if no change dropped the entry since it was read: else this state may already be stale.
    await this.redis.run(
      (redis) =>
        redis.eval(
          CACHE_IF_UNCHANGED,
          2,
          versionKey(state.id),
          stateKey(state.id),
          seenVersion ?? '',
          JSON.stringify(state),
          STATE_TTL_SECONDS,
        ),
      undefined,
    );
  }

  async forgetState(userId: string): Promise<void> {
    // With Redis down nothing can be dropped; a cached state then lives at most STATE_TTL_SECONDS more.
    await this.redis.run(
      (redis) =>
        redis
          .multi()
          .incr(versionKey(userId))
          .expire(versionKey(userId), STATE_TTL_SECONDS * 2)
          .del(stateKey(userId))
          .exec(),
      undefined,
    );
  }
}
