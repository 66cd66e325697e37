import { Injectable, Logger } from '@nestjs/common';
import { SecretCipher } from '../../common/security/secret-cipher';
import { DeliveryLedger } from './delivery-ledger.port';
import { MetricsService } from '../../infrastructure/metrics/metrics.service';
import { signWebhook, WEBHOOK_SECRET_PURPOSE } from './domain/webhook-signature';
import { WebhookJob } from './webhook-dispatcher.port';
import { WebhookTransport } from './webhook-transport.port';
import { WebhookDeliveryRepository } from './webhook-delivery-repository.port';
import { WebhookRepository } from './webhook-repository.port';

/** A failed attempt; BullMQ retries it with backoff unless `permanent`. */
export class WebhookAttemptFailed extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'WebhookAttemptFailed';
  }
}

/**
 * One delivery attempt: POST `{id, type, occurredAt, data}` with X-Webhook-Id (the event id), X-Webhook-Timestamp
 * and X-Webhook-Signature (`sha256=` HMAC of "timestamp.body"), and record it, whatever its outcome.
 */
@Injectable()
export class WebhookDeliveryService {
  private readonly logger = new Logger(WebhookDeliveryService.name);
  private readonly attempts;

  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly transport: WebhookTransport,
    private readonly cipher: SecretCipher,
    private readonly ledger: DeliveryLedger,
    metrics: MetricsService,
  ) {
    this.attempts = metrics.counter('webhook_delivery_attempts_total', 'Webhook delivery attempts', [
      'outcome',
    ]);
  }

  /** The delivery is over (delivered, or failed for good): the ledger stops watching its job. */
  async finished(job: WebhookJob): Promise<void> {
    try {
      await this.ledger.done({ eventId: job.event.id, channel: 'webhook', recipient: job.webhookId });
    } catch (err) {
      // delivered already: failing the job now would only deliver it again
      this.logger.warn(
        { eventId: job.event.id, error: (err as Error).message },
        'delivery not recorded as done',
      );
    }
  }

  async attempt(job: WebhookJob, attempt: number): Promise<void> {
    const hook = await this.webhooks.findForDelivery(job.webhookId);
    if (!hook) return; // deleted since: nothing to deliver
    const body = JSON.stringify({
      id: job.event.id,
      type: job.event.type,
      occurredAt: job.event.occurredAt,
      data: job.event.data,
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const started = performance.now();
    const result = await this.transport.post(hook.url, body, {
      'content-type': 'application/json',
      'user-agent': 'helpdesk-webhooks/1',
      'x-webhook-id': job.event.id,
      'x-webhook-event': job.event.type,
      'x-webhook-timestamp': String(timestamp),
      'x-webhook-signature': signWebhook(
        this.cipher.decrypt(hook.secret, WEBHOOK_SECRET_PURPOSE),
        timestamp,
        body,
      ),
    });
    const durationMs = Math.round(performance.now() - started);
    const success = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    const error = success ? null : (result.error ?? `receiver answered ${result.statusCode}`);
    await this.deliveries.record({
      webhookId: hook.id,
      eventId: job.event.id,
      eventType: job.event.type,
      attempt,
      success,
      statusCode: result.statusCode,
      durationMs,
      error,
    });
    this.attempts.inc({ outcome: success ? 'success' : result.refused ? 'refused' : 'failure' });
    if (!success) {
      this.logger.warn(
        { webhookId: hook.id, eventId: job.event.id, attempt, statusCode: result.statusCode, error },
        'webhook delivery attempt failed',
      );
      throw new WebhookAttemptFailed(error ?? 'delivery failed', result.refused);
    }
  }
}
