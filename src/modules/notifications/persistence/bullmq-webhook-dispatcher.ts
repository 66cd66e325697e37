import { InjectQueue } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Queue } from 'bullmq';
import { webhookConfig } from '../../../config/configuration';
import { WebhookDispatcher, WebhookJob, webhookJobId } from '../webhook-dispatcher.port';
import { WEBHOOK_JOB, WEBHOOKS_QUEUE } from '../delivery/webhook-queue';
import { Implements } from '../../../common/di/implements';

@Implements(WebhookDispatcher)
export class BullMqWebhookDispatcher extends WebhookDispatcher {
  constructor(
    @InjectQueue(WEBHOOKS_QUEUE) private readonly queue: Queue<WebhookJob>,
    @Inject(webhookConfig.KEY) private readonly config: ConfigType<typeof webhookConfig>,
  ) {
    super();
  }

  async enqueue(job: WebhookJob): Promise<void> {
    await this.queue.add(WEBHOOK_JOB, job, {
      jobId: webhookJobId(job),
      attempts: this.config.maxAttempts,
      backoff: { type: 'exponential', delay: this.config.retryDelayMs },
      removeOnComplete: { age: 86400 },
      // a delivery that failed for good stays visible for RETENTION_FAILED_JOBS_DAYS (the queue's default)
    });
  }
}
