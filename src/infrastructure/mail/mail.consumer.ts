import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { ConcurrentQueueWorkerHost } from '../queue/concurrent-queue-worker-host';
import { Logger, Optional } from '@nestjs/common';
import { Job } from 'bullmq';
import { MailDeliveryReceipts, MailMessage } from '../../common/mail/outbound-mail';
import { WORKER_LIVENESS } from '../queue/worker-liveness';
import { MetricsService } from '../metrics/metrics.service';
import { MAIL_QUEUE } from './mail-queue';
import { SmtpMailSender } from './smtp-mail-sender';

/** Delivers queued mails; BullMQ retries failures with backoff and keeps the last failure visible. */
@Processor(MAIL_QUEUE, { concurrency: 4, ...WORKER_LIVENESS })
export class MailConsumer extends ConcurrentQueueWorkerHost<'kind'> {
  private readonly logger = new Logger(MailConsumer.name);
  private readonly sent;

  constructor(
    private readonly sender: SmtpMailSender,
    metrics: MetricsService,
    @Optional() private readonly receipts?: MailDeliveryReceipts,
  ) {
    super('mailConcurrency', {
      name: 'mail_failed_total',
      help: 'Mails that failed for good after every retry',
      labelNames: ['kind'],
    });
    this.sent = metrics.counter('mail_sent_total', 'Mails handed to SMTP', ['kind']);
  }

  async process(job: Job<MailMessage>): Promise<void> {
    await this.sender.send(job.data);
    this.sent.inc({ kind: job.data.kind });
    const delivery = job.data.delivery;
    if (!delivery || !this.receipts) return;
    try {
      await this.receipts.sent(delivery);
    } catch (err) {
      // the mail is out: failing the job now would only send it again
      this.logger.warn(
        { jobId: job.id, eventId: delivery.eventId, error: (err as Error).message },
        'mail sent but not recorded as delivered',
      );
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<MailMessage> | undefined, error: Error): void {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger.warn(
      { jobId: job.id, kind: job.data.kind, attempt: job.attemptsMade, final, error: error.message },
      final ? 'mail failed for good' : 'mail attempt failed, will retry',
    );
    if (final) this.failed.inc({ kind: job.data.kind });
  }
}
