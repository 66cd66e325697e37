import type Redis from 'ioredis';
import { ANNOUNCE_TIMEOUT_MS, RedisProcessReferenceCache } from './redis-process-reference-cache';

/** A connected client whose PUBLISH is sent and never answered (a half-open connection). */
function silentClient(): { redis: Redis; publishes: () => number } {
  let count = 0;
  const client = {
    status: 'ready',
    publish: () => {
      count++;
      return new Promise<number>(() => undefined);
    },
    on: () => client,
    off: () => client,
  };
  return { redis: client as unknown as Redis, publishes: () => count };
}

describe('RedisProcessReferenceCache announcing a change', () => {
  const config = { url: 'redis://unused', keyPrefix: 't:', referenceCacheTtlMs: 60_000 };

  it('gives up waiting for an unanswered announcement after a short time, and tries it again', async () => {
    const { redis, publishes } = silentClient();
    const cache = new RedisProcessReferenceCache(redis, config);
    try {
      const started = Date.now();
      await cache.changed(); // an admin write that committed: its answer must not hang on Redis
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(ANNOUNCE_TIMEOUT_MS - 20);
      expect(waited).toBeLessThan(ANNOUNCE_TIMEOUT_MS + 500);
      expect(publishes()).toBe(1);
      // still pending: announced again without another change
      const deadline = Date.now() + 5_000;
      while (publishes() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(publishes()).toBe(2);
    } finally {
      await cache.onApplicationShutdown();
    }
  });
});
