import { registerQueues } from '../queue/closable-queues';
import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { OutboundMail } from '../../common/mail/outbound-mail';
import { BullMqOutboundMail } from './bullmq-outbound-mail';
import { MailConsumer } from './mail.consumer';
import { MAIL_QUEUE } from './mail-queue';
import { SmtpMailSender } from './smtp-mail-sender';
import { adapters } from '../../common/di/implements';

/** Producing side: any module may queue a mail. */
@Global()
@Module({
  imports: [registerQueues(MAIL_QUEUE)],
  providers: [...adapters(BullMqOutboundMail)],
  exports: [OutboundMail, BullModule],
})
export class MailModule {}

/** Consuming side: only where the worker runs. */
@Module({
  imports: [registerQueues(MAIL_QUEUE)],
  providers: [SmtpMailSender, MailConsumer],
})
export class MailConsumerModule {}
