import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { redisReady } from '../../../infrastructure/redis/redis-available';
import { MetricsService } from '../../../infrastructure/metrics/metrics.service';
import { SessionStore } from '../session-store';

@Injectable()
export class RedisSessionStore extends SessionStore {
  private readonly logger = new Logger(RedisSessionStore.name);
  private readonly degraded;

  constructor(
    @Inject(Redis) private readonly redis: Redis,
    metrics: MetricsService,
  ) {
    super();
    this.degraded = metrics.counter(
      'auth_session_store_degraded_total',
      'Access checks made without Redis (denylist and carried sessions unknown)',
    );
  }

  /**
   * Reads that fail open: with Redis down the API keeps serving (tokens are still verified, and the user's state
   * comes from PostgreSQL); only a logout within the last access-token lifetime cannot be enforced meanwhile.
   */
  private async read<T>(work: () => Promise<T>, fallback: T): Promise<T> {
    if (!redisReady(this.redis)) return this.degrade(fallback);
    try {
      return await work();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'session store read failed');
      return this.degrade(fallback);
    }
  }

  private degrade<T>(fallback: T): T {
    this.degraded.inc();
    return fallback;
  }

  async denyAccessToken(jti: string, ttlSeconds: number): Promise<void> {
    if (ttlSeconds > 0) await this.write(() => this.redis.set(`auth:denied:${jti}`, '1', 'EX', ttlSeconds));
  }

  async denySession(sessionId: string, ttlSeconds: number): Promise<void> {
    if (ttlSeconds > 0)
      await this.write(() => this.redis.set(`auth:denied-session:${sessionId}`, '1', 'EX', ttlSeconds));
  }

  isAccessDenied(jti: string, sessionId: string): Promise<boolean> {
    // one round trip for both facts
    return this.read(
      async () => (await this.redis.exists(`auth:denied:${jti}`, `auth:denied-session:${sessionId}`)) > 0,
      false,
    );
  }

  deniedAmong(jtis: readonly string[]): Promise<Set<string>> {
    if (jtis.length === 0) return Promise.resolve(new Set());
    return this.read(async () => {
      const pipeline = this.redis.pipeline();
      for (const jti of jtis) pipeline.exists(`auth:denied:${jti}`);
      const results = (await pipeline.exec()) ?? [];
      const denied = new Set<string>();
      results.forEach(([err, value], i) => {
        if (err) throw err;
        if (value === 1) denied.add(jtis[i]);
      });
      return denied;
    }, new Set<string>());
  }

  async carrySession(sessionId: string, generation: number, ttlSeconds: number): Promise<void> {
    await this.write(() => this.redis.set(`auth:carry:${sessionId}`, String(generation), 'EX', ttlSeconds));
  }

  /** Writes that degrade: the caller's change in PostgreSQL stands; only this short-lived fact is lost. */
  private async write(work: () => Promise<unknown>): Promise<void> {
    if (!redisReady(this.redis)) {
      this.degrade(undefined);
      this.logger.warn('Redis unavailable: session fact not recorded');
      return;
    }
    try {
      await work();
    } catch (err) {
      this.degrade(undefined);
      this.logger.warn({ err: (err as Error).message }, 'session store write failed');
    }
  }

  carriedGeneration(sessionId: string): Promise<number | null> {
    return this.read(async () => {
      const value = await this.redis.get(`auth:carry:${sessionId}`);
      return value === null ? null : Number(value);
    }, null);
  }
}
