import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { MailMessage, OutboundMail } from '../../common/mail/outbound-mail';
import { MAIL_JOB, MAIL_QUEUE } from './mail-queue';

@Injectable()
export class BullMqOutboundMail extends OutboundMail {
  constructor(@InjectQueue(MAIL_QUEUE) private readonly queue: Queue<MailMessage>) {
    super();
  }

  async enqueue(message: MailMessage): Promise<void> {
    await this.queue.add(MAIL_JOB, message, {
      attempts: 6,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: { age: 86400, count: 5000 },
      removeOnFail: false,
    });
  }
}
