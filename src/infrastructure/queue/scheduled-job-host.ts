import { QueueWorkerHost } from './queue-worker-host';
import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { BackgroundScheduler } from './background-scheduler';

type Repeat = Parameters<Queue['upsertJobScheduler']>[1];
type Template = NonNullable<Parameters<Queue['upsertJobScheduler']>[2]>;

/**
 * A periodic job as a BullMQ job scheduler: every worker upserts the same scheduler (idempotent, so a changed
 * interval replaces the old one), BullMQ makes one job per interval and exactly one worker takes it. The upsert is
 * never awaited by the boot: a worker whose Redis is away still starts, and schedules as soon as Redis answers.
 * Subclasses are the `@Processor` of their queue and implement `process`.
 */
export abstract class ScheduledJobHost
  extends QueueWorkerHost
  implements OnApplicationBootstrap, OnModuleDestroy
{
  private readonly scheduler: BackgroundScheduler;

  protected constructor(
    queue: Queue,
    schedulerId: string,
    logger: Logger,
    private readonly repeat: Repeat,
    private readonly template: Template,
  ) {
    super();
    this.scheduler = new BackgroundScheduler(queue, schedulerId, logger);
  }

  onApplicationBootstrap(): void {
    this.scheduler.start(this.repeat, this.template);
  }

  override async onModuleDestroy(): Promise<void> {
    this.scheduler.stop();
    await super.onModuleDestroy();
  }
}
