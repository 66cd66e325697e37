import { Processor } from '@nestjs/bullmq';
import { QueueName } from '../../infrastructure/queue/queue-names';
import { ScheduledJobHost } from '../../infrastructure/queue/scheduled-job-host';
import { housekeepingConfig } from '../../config/configuration';
import { HousekeepingService } from './housekeeping.service';

export const HOUSEKEEPING_QUEUE = 'housekeeping' satisfies QueueName;
export const PRUNE_SCHEDULER = 'prune-expired-records';

/** Housekeeping (pruning expired records) every HOUSEKEEPING_INTERVAL_MS, on one worker at a time. */
@Processor(HOUSEKEEPING_QUEUE)
export class HousekeepingConsumer extends ScheduledJobHost(
  {
    queue: HOUSEKEEPING_QUEUE,
    scheduler: PRUNE_SCHEDULER,
    config: housekeepingConfig,
    schedule: (config) => ({
      every: config.intervalMs,
      name: 'prune',
      opts: {
        removeOnComplete: { count: 100 },
        removeOnFail: { age: config.failedJobsDays * 86400 },
        attempts: 3,
      },
    }),
  },
  { by: HousekeepingService, run: (housekeeping) => housekeeping.run() },
) {}
