import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { QueueWorkerHost } from '../../../infrastructure/queue/queue-worker-host';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { workerConfig, WorkerConfig } from '../../../config/configuration';
import { Job } from 'bullmq';
import { EVENTS_QUEUE, OutboxJobData } from '../../../infrastructure/outbox/outbox-queue';
import { runConcurrently, WORKER_LIVENESS } from '../../../infrastructure/queue/worker-liveness';
import { MetricsService } from '../../../infrastructure/metrics/metrics.service';
import { EventFanoutService } from '../event-fanout.service';

/** Takes each event the outbox relay queued and fans it out to people and webhooks. */
@Processor(EVENTS_QUEUE, { concurrency: 4, ...WORKER_LIVENESS })
export class EventFanoutConsumer extends QueueWorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(EventFanoutConsumer.name);
  private readonly failed;

  constructor(
    private readonly fanout: EventFanoutService,
    metrics: MetricsService,
    @Inject(workerConfig.KEY) private readonly workers: WorkerConfig,
  ) {
    super();
    this.failed = metrics.counter(
      'notification_events_failed_total',
      'Events whose notifications failed for good after every retry',
      ['type'],
    );
  }

  onApplicationBootstrap(): void {
    runConcurrently(this.worker, this.workers.eventsConcurrency);
  }

  async process(job: Job<OutboxJobData>): Promise<void> {
    const kept = await this.fanout.handle(job.data);
    // secrets (a reset token) leave the queued copy of the event too, once they have served
    if (kept !== job.data && kept.data !== job.data.data)
      await job.updateData({ ...job.data, data: kept.data });
    // before the job completes (and may be removed), so a lost job is never mistaken for a finished one
    await this.fanout.markHandled(job.data.id);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<OutboxJobData> | undefined, error: Error): void {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger.warn(
      { eventId: job.data.id, type: job.data.type, attempt: job.attemptsMade, final, error: error.message },
      final ? 'event notifications failed for good' : 'event notifications failed, will retry',
    );
    if (final) this.failed.inc({ type: job.data.type });
  }
}
