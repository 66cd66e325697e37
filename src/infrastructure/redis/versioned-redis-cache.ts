import { Abstract, FactoryProvider, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { ReadThroughCache } from '../../common/cache/read-through-cache';
import { FailOpenRedis } from './fail-open-redis';

export interface VersionedCacheOptions<T = unknown> {
  /** keys `<key>:version` and `<key>:v<version>` */
  key: string;
  ttlSeconds: number;
  /** what the log lines name: `the catalog cache` */
  name: string;
  /** what a missed invalidation means, logged: `the catalog may be served stale` */
  stale: string;
  /** the value from what JSON.parse made of the cached text (Dates come back as strings); by default that as is */
  revive?: (parsed: unknown) => T;
}

/**
 * The value under a versioned key in the shared Redis: a write bumps the version after it commits, so every instance
 * reads the new value at once (a reader that loaded the old value just before can only store it under the old
 * version, which nobody reads any more). While Redis is away or failing the loader answers (FailOpenRedis).
 */
export class VersionedRedisCache<T> extends ReadThroughCache<T> {
  private readonly versionKey: string;

  constructor(
    private readonly redis: FailOpenRedis,
    private readonly logger: Logger,
    private readonly options: VersionedCacheOptions<T>,
  ) {
    super();
    this.versionKey = `${options.key}:version`;
  }

  async read(load: () => Promise<T>): Promise<T> {
    const { name, ttlSeconds } = this.options;
    // never wait on a Redis that is away: the loader answers
    const hit = await this.redis.run(
      async (redis) => {
        const version = (await redis.get(this.versionKey)) ?? '0';
        return { version, cached: await redis.get(this.valueKey(version)) };
      },
      null,
      { failed: (error) => this.warn(`reading ${name} failed; using the database`, error) },
    );
    if (!hit) return load();
    if (hit.cached) {
      const parsed: unknown = JSON.parse(hit.cached);
      return this.options.revive ? this.options.revive(parsed) : (parsed as T);
    }
    const value = await load();
    await this.redis.run(
      (redis) => redis.set(this.valueKey(hit.version), JSON.stringify(value), 'EX', ttlSeconds),
      null,
      { failed: (error) => this.warn(`filling ${name} failed`, error) },
    );
    return value;
  }

  async invalidate(): Promise<void> {
    const { name, stale, ttlSeconds } = this.options;
    await this.redis.run((redis) => redis.incr(this.versionKey), null, {
      unavailable: () => this.logger.warn(`Redis unavailable: ${stale} for up to ${ttlSeconds} s`),
      // the TTL bounds how long a stale value can survive a Redis that missed this
      failed: (error) => this.warn(`invalidating ${name} failed`, error),
    });
  }

  private valueKey(version: string): string {
    return `${this.options.key}:v${version}`;
  }

  private warn(message: string, error: unknown): void {
    this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, message);
  }
}

/**
 * Binds `port` to a versioned cache in the shared Redis, logging as `Redis<port>` (RedisCatalogCache); Redis going
 * without is counted as `redis_degraded_total{feature}`.
 */
export function versionedRedisCache<T>(
  port: Abstract<ReadThroughCache<T>>,
  { feature, ...options }: VersionedCacheOptions<T> & { feature: string },
): FactoryProvider<ReadThroughCache<T>> {
  return {
    provide: port,
    inject: [Redis],
    useFactory: (redis: Redis) =>
      new VersionedRedisCache<T>(new FailOpenRedis(redis, feature), new Logger(`Redis${port.name}`), options),
  };
}
