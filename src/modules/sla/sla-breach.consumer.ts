import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { BackgroundScheduler } from '../../infrastructure/queue/background-scheduler';
import { slaConfig, SlaConfig } from '../../config/configuration';
import { QueueName } from '../../infrastructure/queue/queue-names';
import { SlaBreachSweepService } from './sla-breach-sweep.service';

export const SLA_QUEUE = 'sla' satisfies QueueName;
export const SLA_SWEEP_SCHEDULER = 'sla-breach-sweep';

/**
 * The breach sweep as a BullMQ job scheduler: every worker upserts the same scheduler, BullMQ makes one job per
 * interval and one worker takes it, however many run. Overdue targets are found by an indexed query, so a worker
 * that was down for an hour marks everything missed on its first run.
 */
@Processor(SLA_QUEUE)
export class SlaBreachConsumer extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SlaBreachConsumer.name);
  private readonly scheduler: BackgroundScheduler;

  constructor(
    private readonly sweeper: SlaBreachSweepService,
    @InjectQueue(SLA_QUEUE) private readonly queue: Queue,
    @Inject(slaConfig.KEY) private readonly config: SlaConfig,
  ) {
    super();
    this.scheduler = new BackgroundScheduler(queue, SLA_SWEEP_SCHEDULER, this.logger);
  }

  /** Never awaited by the boot: without Redis the worker still starts, and schedules as soon as Redis answers. */
  onApplicationBootstrap(): void {
    this.scheduler.start(
      { every: this.config.sweepIntervalMs },
      {
        name: 'sweep',
        opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 }, attempts: 2 },
      },
    );
  }

  onModuleDestroy(): void {
    this.scheduler.stop();
  }

  process(): Promise<{ marked: number }> {
    return this.sweeper.sweep();
  }
}
