import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { EnqueueOptions, MailMessage, OutboundMail } from '../../common/mail/outbound-mail';
import { MAIL_JOB, MAIL_QUEUE } from './mail-queue';
import { Implements } from '../../common/di/implements';

/** BullMQ runs jobs without a priority before prioritized ones: background mails wait behind the rest */
const BACKGROUND_PRIORITY = 10;

@Implements(OutboundMail)
export class BullMqOutboundMail extends OutboundMail {
  constructor(@InjectQueue(MAIL_QUEUE) private readonly queue: Queue<MailMessage>) {
    super();
  }

  async enqueue(message: MailMessage, options: EnqueueOptions = {}): Promise<void> {
    await this.queue.add(MAIL_JOB, message, {
      jobId: options.jobId,
      priority: options.background ? BACKGROUND_PRIORITY : undefined,
      attempts: 6,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: options.sensitive ? true : { age: 86400, count: 5000 },
      // a failed mail stays visible for RETENTION_FAILED_JOBS_DAYS (the queue's default), except one carrying a
      // secret (a reset token): it is counted, then dropped
      ...(options.sensitive ? { removeOnFail: true } : {}),
    });
  }
}
