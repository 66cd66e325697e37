import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { RedisProcessReferenceCache } from '../src/infrastructure/redis/redis-process-reference-cache';
import { eventually } from './support/webhook-receiver';

/**
 * Two processes' reference caches over real Redis connections of their own (no app): what one keeps, and when the
 * other's changes reach it. Each test has its own key prefix, so its own channel.
 */
describe('RedisProcessReferenceCache over Redis', () => {
  const opened: Redis[] = [];
  const caches: RedisProcessReferenceCache[] = [];

  /** a process's cache on a shared client of its own, subscribed */
  const start = async (keyPrefix: string): Promise<{ cache: RedisProcessReferenceCache; redis: Redis }> => {
    const redis = new Redis(process.env.REDIS_URL!, {
      keyPrefix,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
    });
    opened.push(redis);
    redis.on('error', () => undefined);
    await redis.connect();
    const cache = new RedisProcessReferenceCache(redis, {
      url: process.env.REDIS_URL!,
      keyPrefix,
      referenceCacheTtlMs: 600_000,
    });
    caches.push(cache);
    cache.onModuleInit();
    return { cache, redis };
  };

  /** whether `cache` answers `key` from what it keeps (a load would answer `probe`) */
  const keeps = async (cache: RedisProcessReferenceCache, key: string, probe = randomUUID()) =>
    (await cache.read(key, () => Promise.resolve(probe))) !== probe;

  afterEach(async () => {
    for (const cache of caches.splice(0)) await cache.onApplicationShutdown();
    for (const redis of opened.splice(0)) redis.disconnect();
  });

  it('announces a change made while its client was away as soon as the client is ready again', async () => {
    const prefix = `refcache-${randomUUID()}:`;
    const writer = await start(prefix);
    const reader = await start(prefix);
    // the reader keeps what it read once it listens
    await eventually(
      async () => {
        await reader.cache.read('k', () => Promise.resolve('old'));
        return keeps(reader.cache, 'k');
      },
      5_000,
      'the reader keeps values',
    );

    writer.redis.disconnect(); // the writer's shared client is gone: its announcement is skipped
    await eventually(() => writer.redis.status === 'end', 5_000, 'the writer is disconnected');
    await writer.cache.changed();
    expect(await reader.cache.read('k', () => Promise.resolve('new'))).toBe('old'); // not told yet

    await writer.redis.connect();
    await eventually(
      async () => (await reader.cache.read('k', () => Promise.resolve('new'))) === 'new',
      5_000,
      'the reader hears of the change',
    );
  });
});
