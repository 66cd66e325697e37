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
    await cache.whenListening();
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
    await reader.cache.read('k', () => Promise.resolve('old'));
    expect(await keeps(reader.cache, 'k')).toBe(true);

    writer.redis.disconnect(); // the writer's shared client is gone: its announcement is skipped
    await eventually(() => writer.redis.status === 'end', 5_000, 'the writer is disconnected');
    await writer.cache.changed();
    expect(await reader.cache.read('k', () => Promise.resolve('new'))).toBe('old'); // not told yet
    // the writer read after its change (it still listens on a connection of its own), so keeps this
    await writer.cache.read('w', () => Promise.resolve('mine'));
    expect(await keeps(writer.cache, 'w')).toBe(true);

    await writer.redis.connect();
    await eventually(
      async () => (await reader.cache.read('k', () => Promise.resolve('new'))) === 'new',
      5_000,
      'the reader hears of the change',
    );
    // the same message reached the writer, which skips its own: what it read after its change is still kept
    await new Promise((r) => setTimeout(r, 200));
    expect(await keeps(writer.cache, 'w')).toBe(true);
  });

  it('does not keep a value whose load raced a change heard from another process', async () => {
    const prefix = `refcache-${randomUUID()}:`;
    const writer = await start(prefix);
    const reader = await start(prefix);
    await reader.cache.read('marker', () => Promise.resolve(1));
    let finish!: (value: string) => void;
    const loading = reader.cache.read('k', () => new Promise<string>((resolve) => (finish = resolve)));

    await writer.cache.changed(); // heard by the reader while its load runs
    await eventually(async () => !(await keeps(reader.cache, 'marker')), 5_000, 'the reader hears of it');
    finish('read before the change');
    expect(await loading).toBe('read before the change');
    expect(await keeps(reader.cache, 'k')).toBe(false);
  });

  it('gives up waiting to listen after the bound it is given', async () => {
    const prefix = `refcache-${randomUUID()}:`;
    const redis = new Redis('redis://127.0.0.1:1', { lazyConnect: true, retryStrategy: () => null });
    opened.push(redis);
    redis.on('error', () => undefined);
    const cache = new RedisProcessReferenceCache(redis, {
      url: '',
      keyPrefix: prefix,
      referenceCacheTtlMs: 1_000,
    });
    caches.push(cache);
    cache.onModuleInit();
    await expect(cache.whenListening(200)).rejects.toThrow(/not heard within 200 ms/);
  });
});
