import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { redisReady } from '../../../infrastructure/redis/redis-available';
import { CatalogCache } from '../catalog-cache.port';
import { CatalogNode } from '../domain/catalog';
import { Implements } from '../../../common/di/implements';

const TTL_SECONDS = 300;
const VERSION_KEY = 'catalog:tree:version';
const treeKey = (version: string) => `catalog:tree:v${version}`;

/**
 * The tree under a versioned key in the shared Redis: a write bumps the version after it commits, so every instance
 * reads the new tree at once. While Redis is away the database answers.
 */
@Implements(CatalogCache)
@Injectable()
export class RedisCatalogCache extends CatalogCache {
  private readonly logger = new Logger(RedisCatalogCache.name);

  constructor(@Inject(Redis) private readonly redis: Redis) {
    super();
  }

  async tree(load: () => Promise<CatalogNode[]>): Promise<CatalogNode[]> {
    if (!redisReady(this.redis, 'catalog_cache')) return load();
    let version: string;
    try {
      version = (await this.redis.get(VERSION_KEY)) ?? '0';
      const cached = await this.redis.get(treeKey(version));
      if (cached) return JSON.parse(cached) as CatalogNode[];
    } catch (error) {
      this.warn('reading the catalog cache failed; using the database', error);
      return load();
    }
    const tree = await load();
    if (redisReady(this.redis, 'catalog_cache')) {
      await this.redis
        .set(treeKey(version), JSON.stringify(tree), 'EX', TTL_SECONDS)
        .catch((error: unknown) => this.warn('filling the catalog cache failed', error));
    }
    return tree;
  }

  async invalidate(): Promise<void> {
    if (!redisReady(this.redis, 'catalog_cache')) {
      this.logger.warn(`Redis unavailable: the catalog may be served stale for up to ${TTL_SECONDS} s`);
      return;
    }
    await this.redis
      .incr(VERSION_KEY)
      .catch((error: unknown) => this.warn('invalidating the catalog cache failed', error));
  }

  private warn(message: string, error: unknown): void {
    this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, message);
  }
}
