import type { RedisOptions } from 'ioredis';

/** ioredis options from a redis:// URL (user, password, DB index and TLS honoured). */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const u = new URL(url);
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // back off up to 2 s between reconnects instead of hammering a Redis that is down
    retryStrategy: (times: number) => Math.min(times * 100, 2000),
  };
}
