import { Abstract, FactoryProvider, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { ReadThroughCache } from '../../common/cache/read-through-cache';
import { redisReady } from './redis-available';

export interface VersionedCacheOptions {
  /** counted as `redis_degraded_total{feature}` when Redis is away */
  feature: string;
  /** keys `<key>:version` and `<key>:v<version>` */
  key: string;
  ttlSeconds: number;
  /** what the log lines name: `the catalog cache` */
  name: string;
  /** what a missed invalidation means, logged: `the catalog may be served stale` */
  stale: string;
}

/**
 * The value under a versioned key in the shared Redis: a write bumps the version after it commits, so every instance
 * reads the new value at once (a reader that loaded the old value just before can only store it under the old
 * version, which nobody reads any more). While Redis is away the loader answers.
 */
export class VersionedRedisCache<T> extends ReadThroughCache<T> {
  private readonly versionKey: string;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly options: VersionedCacheOptions,
  ) {
    super();
    this.versionKey = `${options.key}:version`;
  }

  async read(load: () => Promise<T>): Promise<T> {
    const { feature, name } = this.options;
    if (!redisReady(this.redis, feature)) return load();
    let version: string;
    try {
      version = (await this.redis.get(this.versionKey)) ?? '0';
      const cached = await this.redis.get(this.valueKey(version));
      if (cached) return JSON.parse(cached) as T;
    } catch (error) {
      this.warn(`reading ${name} failed; using the database`, error);
      return load();
    }
    const value = await load();
    if (redisReady(this.redis, feature)) {
      await this.redis
        .set(this.valueKey(version), JSON.stringify(value), 'EX', this.options.ttlSeconds)
        .catch((error: unknown) => this.warn(`filling ${name} failed`, error));
    }
    return value;
  }

  async invalidate(): Promise<void> {
    if (!redisReady(this.redis, this.options.feature)) {
      this.logger.warn(`Redis unavailable: ${this.options.stale} for up to ${this.options.ttlSeconds} s`);
      return;
    }
    await this.redis
      .incr(this.versionKey)
      .catch((error: unknown) => this.warn(`invalidating ${this.options.name} failed`, error));
  }

  private valueKey(version: string): string {
    return `${this.options.key}:v${version}`;
  }

  private warn(message: string, error: unknown): void {
    this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, message);
  }
}

/** Binds `port` to a versioned cache in the shared Redis, logging as `Redis<port>` (RedisCatalogCache). */
export function versionedRedisCache<T>(
  port: Abstract<ReadThroughCache<T>>,
  options: VersionedCacheOptions,
): FactoryProvider<ReadThroughCache<T>> {
  return {
    provide: port,
    inject: [Redis],
    useFactory: (redis: Redis) => new VersionedRedisCache<T>(redis, new Logger(`Redis${port.name}`), options),
  };
}
