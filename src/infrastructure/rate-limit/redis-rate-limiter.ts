import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiter, RateLimitState } from '../../common/rate-limit/rate-limiter';
import { redisDegraded, redisReady } from '../redis/redis-available';
import { Implements } from '../../common/di/implements';

// INCR and set the expiry on the first hit, atomically; returns the count and the TTL left.
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

@Implements(RateLimiter)
@Injectable()
export class RedisRateLimiter extends RateLimiter {
  private readonly logger = new Logger(RedisRateLimiter.name);

  constructor(@Inject(Redis) private readonly redis: Redis) {
    super();
  }

  private key(key: string): string {
    return `ratelimit:${key}`;
  }

  async hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitState> {
    if (!redisReady(this.redis, 'rate_limit'))
      return { allowed: true, limit, remaining: limit, resetSeconds: windowSeconds };
    try {
      const [count, ttl] = (await this.redis.eval(HIT, 1, this.key(key), windowSeconds)) as [number, number];
      return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetSeconds: ttl };
    } catch (err) {
      // Redis down: let the request through rather than lock everyone out, and say so.
      redisDegraded('rate_limit');
      this.logger.warn(`rate limiter unavailable, allowing request: ${(err as Error).message}`);
      return { allowed: true, limit, remaining: limit, resetSeconds: windowSeconds };
    }
  }

  async peek(key: string, limit: number, windowSeconds: number): Promise<RateLimitState> {
    if (!redisReady(this.redis, 'rate_limit'))
      return { allowed: true, limit, remaining: limit, resetSeconds: windowSeconds };
    try {
      // one round trip while within the limit (every authenticated request peeks): the TTL only when it is spent
      const n = Number((await this.redis.get(this.key(key))) ?? 0);
      const allowed = n < limit;
      const ttl = allowed ? windowSeconds : await this.redis.ttl(this.key(key));
      return {
        allowed,
        limit,
        remaining: Math.max(0, limit - n),
        resetSeconds: ttl > 0 ? ttl : windowSeconds,
      };
    } catch {
      redisDegraded('rate_limit');
      return { allowed: true, limit, remaining: limit, resetSeconds: windowSeconds };
    }
  }

  async reset(key: string): Promise<void> {
    if (!redisReady(this.redis, 'rate_limit')) return;
    await this.redis.del(this.key(key)).catch(() => undefined);
  }
}
