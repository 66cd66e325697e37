import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { redisConfig } from '../../config/configuration';
import { redisOptionsFromUrl } from '../redis/redis-options';

/** BullMQ's queue prefix: the deployment's key prefix, so queues of deployments sharing a Redis never meet. */
export const bullPrefix = (keyPrefix: string): string => `${keyPrefix}bull`;

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [redisConfig.KEY],
      useFactory: (config: ConfigType<typeof redisConfig>) => ({
        connection: { ...redisOptionsFromUrl(config.url), maxRetriesPerRequest: null },
        prefix: bullPrefix(config.keyPrefix),
        defaultJobOptions: { removeOnComplete: { age: 86400, count: 10000 }, removeOnFail: false },
      }),
    }),
  ],
  exports: [BullModule],
})
export class QueueModule {}
