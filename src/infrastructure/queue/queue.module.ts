import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { housekeepingConfig, HousekeepingConfig, redisConfig } from '../../config/configuration';
import { redisOptionsFromUrl } from '../redis/redis-options';
import { bullmqTelemetry } from '../tracing/trace-context';
import { JobQueues } from './job-queues';
import { QueueMetrics } from './queue-metrics';
import { bullPrefix } from './queue-names';

export { bullPrefix };

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [redisConfig.KEY, housekeepingConfig.KEY],
      useFactory: (config: ConfigType<typeof redisConfig>, housekeeping: HousekeepingConfig) => ({
        connection: { ...redisOptionsFromUrl(config.url), maxRetriesPerRequest: null },
        prefix: bullPrefix(config.keyPrefix),
        // with tracing on: spans around enqueue and processing, each job carrying the trace it was queued in
        telemetry: bullmqTelemetry(),
        // jobs that failed for good stay visible (GET /admin/jobs/failed) for a bounded time, then go
        defaultJobOptions: {
          removeOnComplete: { age: 86400, count: 10000 },
          removeOnFail: { age: housekeeping.failedJobsDays * 86400 },
        },
      }),
    }),
  ],
  providers: [JobQueues, QueueMetrics],
  exports: [BullModule, JobQueues],
})
export class QueueModule {}
