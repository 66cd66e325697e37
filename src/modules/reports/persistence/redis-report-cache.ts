import { FailOpenRedisAdapter } from '../../../infrastructure/redis/fail-open-redis-adapter';
import { ReportCache } from '../report-cache.port';
import { Implements } from '../../../common/di/implements';

export const REPORT_TTL_SECONDS = 60;

/** Reports in Redis for a minute; while Redis is away nothing is cached and every report is computed. */
@Implements(ReportCache)
export class RedisReportCache extends FailOpenRedisAdapter(ReportCache, 'report_cache') {
  async get<T>(key: string): Promise<T | null> {
    const raw = await this.redis.run((redis) => redis.get(`reports:${key}`), null);
    return raw ? (JSON.parse(raw) as T) : null;
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.redis.run(async (redis) => {
      await redis.set(`reports:${key}`, JSON.stringify(value), 'EX', REPORT_TTL_SECONDS);
    }, undefined);
  }
}
