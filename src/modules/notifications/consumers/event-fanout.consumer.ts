import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { ConcurrentQueueWorkerHost } from '../../../infrastructure/queue/concurrent-queue-worker-host';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { EVENTS_QUEUE, OutboxJobData } from '../../../infrastructure/outbox/outbox-queue';
import { WORKER_LIVENESS } from '../../../infrastructure/queue/worker-liveness';
import { EventFanoutService } from '../event-fanout.service';

/** Takes each event the outbox relay queued and fans it out to people and webhooks. */
@Processor(EVENTS_QUEUE, { concurrency: 4, ...WORKER_LIVENESS })
export class EventFanoutConsumer extends ConcurrentQueueWorkerHost<'type'> {
  private readonly logger = new Logger(EventFanoutConsumer.name);

  constructor(private readonly fanout: EventFanoutService) {
    super('eventsConcurrency', {
      name: 'notification_events_failed_total',
      help: 'Events whose notifications failed for good after every retry',
      labelNames: ['type'],
    });
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
