import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { housekeepingConfig, HousekeepingConfig, redisConfig } from '../../config/configuration';
import { redisOptionsFromUrl } from '../redis/redis-options';

/** BullMQ's queue prefix: the deployment's key prefix, so queues of deployments sharing a Redis never meet. */
export const bullPrefix = (keyPrefix: string): string => `${keyPrefix}bull`;

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [redisConfig.KEY, housekeepingConfig.KEY],
      useFactory: (config: ConfigType<typeof redisConfig>, housekeeping: HousekeepingConfig) => ({
        connection: { ...redisOptionsFromUrl(config.url), maxRetriesPerRequest: null },
        prefix: bullPrefix(config.keyPrefix),
        // jobs that failed for good stay visible (GET /admin/jobs/failed) for a bounded time, then go
        defaultJobOptions: {
          removeOnComplete: { age: 86400, count: 10000 },
          removeOnFail: { age: housekeeping.failedJobsDays * 86400 },
        },
      }),
    }),
  ],
  exports: [BullModule],
})
export class QueueModule {}
