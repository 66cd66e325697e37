import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap, OnModuleDestroy, Type } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { JobsOptions, Queue } from 'bullmq';
import { BackgroundScheduler } from './background-scheduler';
import { QueueName } from './queue-names';
import { QueueWorkerHost } from './queue-worker-host';

type ConfigNamespace = (() => object) & { KEY: string | symbol };

/** A periodic job: its queue, its BullMQ scheduler, and the interval and job options its configuration gives. */
export interface ScheduledJob<C extends ConfigNamespace> {
  queue: QueueName;
  scheduler: string;
  config: C;
  /** the interval, and the name and options of the job made every interval */
  schedule: (config: ConfigType<C>) => { every: number; name: string; opts: JobsOptions };
}

/** What the job does each time: `run` on the one provider it needs (injected into the consumer). */
export interface ScheduledWork<S> {
  by: Type<S>;
  run: (by: S) => Promise<unknown>;
}

/**
 * The base of a periodic job's consumer, a BullMQ job scheduler: every worker upserts the same scheduler (idempotent,
 * so a changed interval replaces the old one), BullMQ makes one job per interval and exactly one worker takes it. The
 * upsert is never awaited by the boot: a worker whose Redis is away still starts, and schedules as soon as Redis
 * answers. The queue and the configuration are injected into this base, so a consumer's constructor takes only what
 * its job uses; consumers are the `@Processor` of `job.queue`, and each job runs `work`.
 */
export function ScheduledJobHost<C extends ConfigNamespace, S>(job: ScheduledJob<C>, work: ScheduledWork<S>) {
  abstract class Host extends QueueWorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
    @InjectQueue(job.queue) private readonly queue: Queue;
    @Inject(job.config.KEY) private readonly config: ConfigType<C>;
    @Inject(work.by) private readonly performer: S;
    private scheduler?: BackgroundScheduler;

    process(): Promise<unknown> {
      return work.run(this.performer);
    }

    onApplicationBootstrap(): void {
      const { every, name, opts } = job.schedule(this.config);
      this.scheduler = new BackgroundScheduler(this.queue, job.scheduler, new Logger(this.constructor.name));
      this.scheduler.start({ every }, { name, opts });
    }

    override async onModuleDestroy(): Promise<void> {
      this.scheduler?.stop();
      await super.onModuleDestroy();
    }
  }
  return Host;
}
