import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
  OnModuleDestroy,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import Redis from 'ioredis';
import { redisConfig } from '../../config/configuration';
import { MetricsService } from '../metrics/metrics.service';
import { onRedisDegraded } from './redis-available';
import { redisOptionsFromUrl } from './redis-options';
import { ProcessReferenceCache } from '../../common/cache/process-reference-cache';
import { adapters } from '../../common/di/implements';
import { RedisProcessReferenceCache } from './redis-process-reference-cache';

/** Closes the shared client when the application shuts down. */
@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(Redis) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status !== 'ready') return this.redis.disconnect(); // QUIT would wait for a connection forever
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Counts every path that went without Redis, by feature: `redis_degraded_total{feature}`. */
@Injectable()
class RedisDegradationMetrics implements OnModuleDestroy {
  private readonly off: () => void;

  constructor(metrics: MetricsService) {
    const degraded = metrics.counter(
      'redis_degraded_total',
      'Calls that went without Redis, by feature: served from PostgreSQL, let through unchecked, or left uncached',
      ['feature'],
    );
    this.off = onRedisDegraded((feature) => degraded.inc({ feature }));
  }

  onModuleDestroy(): void {
    this.off();
  }
}

/**
 * One shared ioredis client for the process; every key it writes starts with REDIS_KEY_PREFIX. Also the process's
 * reference data cache, which hears of changes on a Redis channel.
 */
@Global()
@Module({
  providers: [
    {
      provide: Redis,
      inject: [redisConfig.KEY],
      useFactory: (config: ConfigType<typeof redisConfig>) => {
        const logger = new Logger('Redis');
        const client = new Redis({
          ...redisOptionsFromUrl(config.url),
          keyPrefix: config.keyPrefix,
          maxRetriesPerRequest: 2,
          enableOfflineQueue: true,
          lazyConnect: false,
        });
        let lastError = '';
        client.on('error', (err: Error) => {
          // log each distinct failure once instead of once per reconnect attempt
          if (err.message !== lastError) logger.warn(`Redis connection problem: ${err.message}`);
          lastError = err.message;
        });
        client.on('ready', () => (lastError = ''));
        return client;
      },
    },
    RedisLifecycle,
    RedisDegradationMetrics,
    ...adapters(RedisProcessReferenceCache),
  ],
  exports: [Redis, ProcessReferenceCache],
})
export class RedisModule {}
