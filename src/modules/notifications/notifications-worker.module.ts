import { registerQueues } from '../../infrastructure/queue/closable-queues';
import { Global, Module } from '@nestjs/common';
import { MailDeliveryReceipts } from '../../common/mail/outbound-mail';
import { EVENTS_QUEUE } from '../../infrastructure/outbox/outbox-queue';
import { EventFanoutConsumer } from './consumers/event-fanout.consumer';
import { WebhookDeliveryConsumer } from './consumers/webhook-delivery.consumer';
import { BullMqWebhookDispatcher } from './persistence/bullmq-webhook-dispatcher';
import { HttpWebhookTransport } from './delivery/http-webhook-transport';
import { WEBHOOKS_QUEUE } from './delivery/webhook-queue';
import { DeliveryLedger } from './delivery-ledger.port';
import { DeliveryRedrive } from './delivery-redrive.service';
import { EventFanoutService } from './event-fanout.service';
import { SqlDeliveryLedger } from './persistence/sql-delivery-ledger';
import { SqlEventRedactor, SqlHandledEvents } from './persistence/sql-event-redactor';
import { SqlNotificationRepository } from './persistence/sql-notification.repository';
import { SqlRecipientDirectory } from './persistence/sql-recipient-directory';
import { SqlWebhookDeliveryRepository, SqlWebhookRepository } from './persistence/sql-webhook.repository';
import { SqlNotificationRuleRepository } from './persistence/sql-notification-rule.repository';
import { redisNotificationRuleCache } from './persistence/redis-notification-rule-cache';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { adapters } from '../../common/di/implements';
import { TicketsModule } from '../tickets/tickets.module';

/**
 * The worker side: fans each outbox event out to in-app notifications, mails (the mail queue) and webhook deliveries
 * (the webhooks queue), and runs the deliveries, re-driving those whose jobs the queue lost. Listed in
 * CONSUMER_MODULES. Global for the mail consumer, which reports sent notification mails to MailDeliveryReceipts.
 */
@Global()
@Module({
  imports: [registerQueues(EVENTS_QUEUE, WEBHOOKS_QUEUE), TicketsModule],
  providers: [
    EventFanoutService,
    WebhookDeliveryService,
    EventFanoutConsumer,
    WebhookDeliveryConsumer,
    ...adapters(
      SqlRecipientDirectory,
      SqlNotificationRepository,
      SqlDeliveryLedger,
      SqlWebhookRepository,
      SqlWebhookDeliveryRepository,
      SqlEventRedactor,
      SqlHandledEvents,
      BullMqWebhookDispatcher,
      HttpWebhookTransport,
      SqlNotificationRuleRepository,
    ),
    redisNotificationRuleCache,
    DeliveryRedrive,
    {
      provide: MailDeliveryReceipts,
      inject: [DeliveryLedger],
      useFactory: (ledger: DeliveryLedger): MailDeliveryReceipts => ({
        sent: (d) => ledger.done({ eventId: d.eventId, channel: 'mail', recipient: d.recipient }),
      }),
    },
  ],
  exports: [MailDeliveryReceipts],
})
export class NotificationsWorkerModule {}
