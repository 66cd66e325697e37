import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { QueueName } from '../../infrastructure/queue/queue-names';
import { BackgroundScheduler } from '../../infrastructure/queue/background-scheduler';
import { housekeepingConfig, HousekeepingConfig } from '../../config/configuration';
import { HousekeepingCounts } from './domain/retention';
import { HousekeepingService } from './housekeeping.service';

export const HOUSEKEEPING_QUEUE = 'housekeeping' satisfies QueueName;
export const PRUNE_SCHEDULER = 'prune-expired-records';

/**
 * Runs housekeeping as a BullMQ job scheduler: every worker upserts the same scheduler (idempotent, so a changed
 * interval replaces the old one), and BullMQ creates one job per interval, which exactly one worker takes.
 */
@Processor(HOUSEKEEPING_QUEUE)
export class HousekeepingConsumer extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HousekeepingConsumer.name);
  private readonly scheduler: BackgroundScheduler;

  constructor(
    private readonly housekeeping: HousekeepingService,
    @InjectQueue(HOUSEKEEPING_QUEUE) private readonly queue: Queue,
    @Inject(housekeepingConfig.KEY) private readonly config: HousekeepingConfig,
  ) {
    super();
    this.scheduler = new BackgroundScheduler(queue, PRUNE_SCHEDULER, this.logger);
  }

  /**
   * Never awaited by the boot: a worker whose Redis is away still starts (and reports not ready); the scheduler is
   * upserted as soon as Redis answers, retried every few seconds until then.
   */
  onApplicationBootstrap(): void {
    this.scheduler.start(
      { every: this.config.intervalMs },
      {
        name: 'prune',
        opts: {
          removeOnComplete: { count: 100 },
          removeOnFail: { age: this.config.failedJobsDays * 86400 },
          attempts: 3,
        },
      },
    );
  }

  onModuleDestroy(): void {
    this.scheduler.stop();
  }

  process(): Promise<HousekeepingCounts> {
    return this.housekeeping.run();
  }
}
