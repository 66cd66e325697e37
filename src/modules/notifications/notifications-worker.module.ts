import { BullModule } from '@nestjs/bullmq';
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
import { EventRedactor } from './event-redactor.port';
import { HandledEvents } from './handled-events.port';
import { NotificationRepository } from './notification-repository.port';
import { SqlDeliveryLedger } from './persistence/sql-delivery-ledger';
import { SqlEventRedactor, SqlHandledEvents } from './persistence/sql-event-redactor';
import { SqlNotificationRepository } from './persistence/sql-notification.repository';
import { SqlRecipientDirectory } from './persistence/sql-recipient-directory';
import { SqlWebhookDeliveryRepository, SqlWebhookRepository } from './persistence/sql-webhook.repository';
import { RecipientDirectory } from './recipient-directory.port';
import { NotificationRuleCache } from './notification-rule-cache.port';
import { NotificationRuleRepository } from './notification-rule-repository.port';
import { SqlNotificationRuleRepository } from './persistence/sql-notification-rule.repository';
import { RedisNotificationRuleCache } from './persistence/redis-notification-rule-cache';
import { WebhookDispatcher } from './webhook-dispatcher.port';
import { WebhookTransport } from './webhook-transport.port';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookDeliveryRepository } from './webhook-delivery-repository.port';
import { WebhookRepository } from './webhook-repository.port';

/**
 * The worker side: fans each outbox event out to in-app notifications, mails (the mail queue) and webhook deliveries
 * (the webhooks queue), and runs the deliveries, re-driving those whose jobs the queue lost. Listed in
 * CONSUMER_MODULES. Global for the mail consumer, which reports sent notification mails to MailDeliveryReceipts.
 */
@Global()
@Module({
  imports: [BullModule.registerQueue({ name: EVENTS_QUEUE }, { name: WEBHOOKS_QUEUE })],
  providers: [
    EventFanoutService,
    WebhookDeliveryService,
    EventFanoutConsumer,
    WebhookDeliveryConsumer,
    { provide: RecipientDirectory, useClass: SqlRecipientDirectory },
    { provide: NotificationRepository, useClass: SqlNotificationRepository },
    { provide: DeliveryLedger, useClass: SqlDeliveryLedger },
    { provide: WebhookRepository, useClass: SqlWebhookRepository },
    { provide: WebhookDeliveryRepository, useClass: SqlWebhookDeliveryRepository },
    { provide: EventRedactor, useClass: SqlEventRedactor },
    { provide: HandledEvents, useClass: SqlHandledEvents },
    DeliveryRedrive,
    {
      provide: MailDeliveryReceipts,
      inject: [DeliveryLedger],
      useFactory: (ledger: DeliveryLedger): MailDeliveryReceipts => ({
        sent: (d) => ledger.done({ eventId: d.eventId, channel: 'mail', recipient: d.recipient }),
      }),
    },
    { provide: WebhookDispatcher, useClass: BullMqWebhookDispatcher },
    { provide: WebhookTransport, useClass: HttpWebhookTransport },
    { provide: NotificationRuleRepository, useClass: SqlNotificationRuleRepository },
    { provide: NotificationRuleCache, useClass: RedisNotificationRuleCache },
  ],
  exports: [MailDeliveryReceipts],
})
export class NotificationsWorkerModule {}
