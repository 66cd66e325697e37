import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { OutboundMail } from '../../common/mail/outbound-mail';
import { outboxConfig } from '../../config/configuration';
import { MetricsService } from '../../infrastructure/metrics/metrics.service';
import { JobQueues } from '../../infrastructure/queue/job-queues';
import { QueueName } from '../../infrastructure/queue/queue-names';
import { DeliveryLedger, deliveryKey, PendingDelivery } from './delivery-ledger.port';
import { WebhookDispatcher, webhookJobId } from './webhook-dispatcher.port';

const BATCH = 500;
const MAX_BATCHES = 10;

const queueOf = (d: PendingDelivery): QueueName => (d.channel === 'mail' ? 'mail' : 'webhooks');
const jobIdOf = (d: PendingDelivery): string | null =>
  d.queued.channel === 'mail' ? (d.queued.options.jobId ?? null) : webhookJobId(d.queued.job);

/**
 * Re-drives deliveries whose BullMQ job vanished before it was done (Redis came back empty after a failover
 * without persistence): when the worker starts and every OUTBOX_REDRIVE_AFTER_MS / 2 it reads, page by page, the
 * ledger's deliveries claimed longer than OUTBOX_REDRIVE_AFTER_MS ago and not done (up to 5,000: the oldest), asks
 * Redis which jobs it still holds, and queues the missing ones again
 * exactly as they were (same job id, so workers sweeping at once add one job). A consumer records a delivery as
 * done before its job completes, and the ledger is read again after Redis, so a job that just finished is never
 * taken for a lost one.
 */
@Injectable()
export class DeliveryRedrive implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryRedrive.name);
  private timer?: NodeJS.Timeout;
  private first?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private readonly redriven;

  constructor(
    private readonly ledger: DeliveryLedger,
    private readonly queues: JobQueues,
    private readonly mail: OutboundMail,
    private readonly webhooks: WebhookDispatcher,
    @Inject(outboxConfig.KEY) private readonly config: ConfigType<typeof outboxConfig>,
    metrics: MetricsService,
  ) {
    this.redriven = metrics.counter(
      'queue_jobs_redriven_total',
      'Jobs queued again from PostgreSQL because the queue had lost them (Redis came back empty)',
      ['queue'],
    );
  }

  onApplicationBootstrap(): void {
    const tick = (): void => {
      if (this.running) return;
      this.running = this.sweep()
        .catch((err: Error) => this.logger.debug({ error: err.message }, 'delivery re-drive skipped'))
        .finally(() => (this.running = undefined));
    };
    // a worker that starts is often one that replaces a dead one: look at once, then every half period
    this.first = setTimeout(tick, 0);
    this.first.unref();
    this.timer = setInterval(tick, this.config.redriveAfterMs / 2);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearTimeout(this.first);
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over every pending delivery, page by page; returns how many deliveries were queued again. */
  async sweep(): Promise<number> {
    let total = 0;
    let after: PendingDelivery | undefined;
    for (let i = 0; i < MAX_BATCHES; i++) {
      const pending = await this.ledger.pending(this.config.redriveAfterMs, BATCH, after);
      if (pending.length === 0) break;
      after = pending[pending.length - 1];
      const missing: PendingDelivery[] = [];
      for (const queue of ['mail', 'webhooks'] as const) {
        const of = pending.filter((d) => queueOf(d) === queue && jobIdOf(d) !== null);
        const present = await this.queues.present(
          queue,
          of.map((d) => jobIdOf(d)!),
        );
        missing.push(...of.filter((d) => !present.has(jobIdOf(d)!)));
      }
      if (missing.length > 0) total += await this.requeue(missing);
      if (pending.length < BATCH) break;
    }
    return total;
  }

  private async requeue(missing: PendingDelivery[]): Promise<number> {
    // read after Redis: a delivery done meanwhile was recorded before its job was removed
    const still = await this.ledger.stillPending(missing);
    const lost = missing.filter((d) => still.has(deliveryKey(d)));
    for (const d of lost) {
      if (d.queued.channel === 'mail') await this.mail.enqueue(d.queued.message, d.queued.options);
      else await this.webhooks.enqueue(d.queued.job);
      this.redriven.inc({ queue: queueOf(d) });
    }
    if (lost.length > 0)
      this.logger.warn({ count: lost.length }, 'deliveries re-queued: their jobs were lost');
    return lost.length;
  }
}
