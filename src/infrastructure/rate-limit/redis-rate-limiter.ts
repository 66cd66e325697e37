import { Logger } from '@nestjs/common';
import { RateLimiter, RateLimitState } from '../../common/rate-limit/rate-limiter';
import { FailOpenRedisAdapter } from '../redis/fail-open-redis-adapter';
import { redisDegraded } from '../redis/redis-available';
import { Implements } from '../../common/di/implements';

// INCR and set the expiry on the first hit, atomically; returns the count and the TTL left.
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

const allowed = (limit: number, windowSeconds: number): RateLimitState => ({
  allowed: true,
  limit,
  remaining: limit,
  resetSeconds: windowSeconds,
});

/** Counters in the shared Redis; while Redis is away every request is let through (counted, and logged on a hit). */
@Implements(RateLimiter)
export class RedisRateLimiter extends FailOpenRedisAdapter(RateLimiter, 'rate_limit') {
  private readonly logger = new Logger(RedisRateLimiter.name);

  private key(key: string): string {
    return `ratelimit:${key}`;
  }

  hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitState> {
    return this.redis.run(
      async (redis) => {
        const [count, ttl] = (await redis.eval(HIT, 1, this.key(key), windowSeconds)) as [number, number];
        return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetSeconds: ttl };
      },
      allowed(limit, windowSeconds),
      {
        // Redis down: let the request through rather than lock everyone out, and say so.
        failed: (err) => {
          redisDegraded('rate_limit');
          this.logger.warn(`rate limiter unavailable, allowing request: ${(err as Error).message}`);
        },
      },
    );
  }

  peek(key: string, limit: number, windowSeconds: number): Promise<RateLimitState> {
    return this.redis.run(
      async (redis) => {
        // one round trip while within the limit (every authenticated request peeks): the TTL only when it is spent
        const n = Number((await redis.get(this.key(key))) ?? 0);
        const allowed = n < limit;
        const ttl = allowed ? windowSeconds : await redis.ttl(this.key(key));
        return {
          allowed,
          limit,
          remaining: Math.max(0, limit - n),
          resetSeconds: ttl > 0 ? ttl : windowSeconds,
        };
      },
      allowed(limit, windowSeconds),
      { failed: () => redisDegraded('rate_limit') },
    );
  }

  async reset(key: string): Promise<void> {
    await this.redis.run((redis) => redis.del(this.key(key)), 0);
  }
}
