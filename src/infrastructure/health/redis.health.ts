import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';

const TIMEOUT_MS = 1000;

/** A real PING round trip, bounded so a Redis that is down answers "down" quickly instead of hanging. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    @Inject(Redis) private readonly redis: Redis,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key = 'redis'): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      if (this.redis.status !== 'ready')
        return indicator.down({ message: `not connected (${this.redis.status})` });
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      });
      const pong = await Promise.race([this.redis.ping(), timeout]);
      if (pong !== 'PONG') return indicator.down({ message: 'unexpected answer to PING' });
      return indicator.up({ ms: Date.now() - started });
    } catch (err) {
      return indicator.down({ message: err instanceof Error ? err.message : 'ping failed' });
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}
