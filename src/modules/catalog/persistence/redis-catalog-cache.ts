import { versionedRedisCache } from '../../../infrastructure/redis/versioned-redis-cache';
import { CatalogCache } from '../catalog-cache.port';

/** The catalog tree in the shared Redis, under a version every write bumps. While Redis is away the database answers. */
export const redisCatalogCache = versionedRedisCache(CatalogCache, {
  feature: 'catalog_cache',
  key: 'catalog:tree',
  ttlSeconds: 300,
  name: 'the catalog cache',
  stale: 'the catalog may be served stale',
});
