import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { housekeepingConfig, HousekeepingConfig } from '../../config/configuration';
import { PruneCounts } from './domain/retention';
import { HousekeepingService } from './housekeeping.service';

export const HOUSEKEEPING_QUEUE = 'housekeeping';
export const PRUNE_SCHEDULER = 'prune-expired-records';

/**
 * Runs housekeeping as a BullMQ job scheduler: every worker upserts the same scheduler (idempotent, so a changed
 * interval replaces the old one), and BullMQ creates one job per interval, which exactly one worker takes.
 */
@Processor(HOUSEKEEPING_QUEUE)
export class HousekeepingConsumer extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly housekeeping: HousekeepingService,
    @InjectQueue(HOUSEKEEPING_QUEUE) private readonly queue: Queue,
    @Inject(housekeepingConfig.KEY) private readonly config: HousekeepingConfig,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      PRUNE_SCHEDULER,
      { every: this.config.intervalMs },
      {
        name: 'prune',
        opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 }, attempts: 3 },
      },
    );
  }

  process(): Promise<PruneCounts> {
    return this.housekeeping.run();
  }
}
