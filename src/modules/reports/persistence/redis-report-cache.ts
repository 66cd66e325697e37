import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { redisReady } from '../../../infrastructure/redis/redis-available';
import { ReportCache } from '../report-cache.port';
import { Implements } from '../../../common/di/implements';

export const REPORT_TTL_SECONDS = 60;

/** Reports in Redis for a minute; while Redis is away nothing is cached and every report is computed. */
@Implements(ReportCache)
@Injectable()
export class RedisReportCache extends ReportCache {
  constructor(@Inject(Redis) private readonly redis: Redis) {
    super();
  }

  async get<T>(key: string): Promise<T | null> {
    if (!redisReady(this.redis, 'report_cache')) return null;
    const raw = await this.redis.get(`reports:${key}`).catch(() => null);
    return raw ? (JSON.parse(raw) as T) : null;
  }

  async set(key: string, value: unknown): Promise<void> {
    if (!redisReady(this.redis, 'report_cache')) return;
    await this.redis
      .set(`reports:${key}`, JSON.stringify(value), 'EX', REPORT_TTL_SECONDS)
      .catch(() => undefined);
  }
}
