import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { ConcurrentQueueWorkerHost } from '../../../infrastructure/queue/concurrent-queue-worker-host';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { WORKER_LIVENESS } from '../../../infrastructure/queue/worker-liveness';
import { WEBHOOKS_QUEUE } from '../delivery/webhook-queue';
import { WebhookJob } from '../webhook-dispatcher.port';
import { WebhookAttemptFailed, WebhookDeliveryService } from '../webhook-delivery.service';

/** Runs webhook delivery attempts; BullMQ retries failures with exponential backoff and keeps final failures. */
@Processor(WEBHOOKS_QUEUE, { concurrency: 10, ...WORKER_LIVENESS })
export class WebhookDeliveryConsumer extends ConcurrentQueueWorkerHost {
  private readonly logger = new Logger(WebhookDeliveryConsumer.name);

  constructor(private readonly delivery: WebhookDeliveryService) {
    super('webhooksConcurrency', {
      name: 'webhook_deliveries_failed_total',
      help: 'Webhook deliveries that failed for good after every retry',
    });
  }

  async process(job: Job<WebhookJob>): Promise<void> {
    try {
      await this.delivery.attempt(job.data, job.attemptsMade + 1);
      await this.delivery.finished(job.data);
    } catch (err) {
      // a refused destination will not become allowed by retrying
      if (err instanceof WebhookAttemptFailed && err.permanent) throw new UnrecoverableError(err.message);
      throw err;
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<WebhookJob> | undefined, error: Error): void {
    if (!job) return;
    const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (!final) return; // each attempt is already logged and recorded
    this.delivery.finished(job.data).catch(() => undefined); // given up: not to be re-driven either
    this.logger.warn(
      { webhookId: job.data.webhookId, eventId: job.data.event.id, attempts: job.attemptsMade },
      'webhook delivery failed for good',
    );
    this.failed.inc();
  }
}
