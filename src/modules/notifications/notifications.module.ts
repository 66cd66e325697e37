import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { TicketsModule } from '../tickets/tickets.module';
import { InboundEmailController } from './http/inbound-email.controller';
import { InboundEmailHttp } from './http/inbound-email.http';
import { NotificationsController } from './http/notifications.controller';
import { TicketMailsController } from './http/ticket-mails.controller';
import { MailboxesController } from './http/mailboxes.controller';
import { MailboxConnector } from './mailbox-connector.port';
import { MailboxRepository } from './mailbox-repository.port';
import { MailboxesService } from './mailboxes.service';
import { ImapFlowMailboxConnector } from './persistence/imapflow-mailbox-connector';
import { SqlMailboxRepository } from './persistence/sql-mailbox.repository';
import { WebhooksController } from './http/webhooks.controller';
import { InboundEmailLog } from './inbound-email-log.port';
import { InboundEmailService } from './inbound-email.service';
import { InboundSenders } from './inbound-senders.service';
import { InboundMailParser } from './inbound-mail-parser.port';
import { MailparserInboundMailParser } from './persistence/mailparser-inbound-mail-reader';
import { TicketMailsService } from './ticket-mails.service';
import { NotificationRepository } from './notification-repository.port';
import { NotificationsService } from './notifications.service';
import { SqlInboundEmailLog } from './persistence/sql-inbound-email.log';
import { SqlNotificationRepository } from './persistence/sql-notification.repository';
import { SqlWebhookDeliveryRepository, SqlWebhookRepository } from './persistence/sql-webhook.repository';
import { WebhookDeliveryRepository } from './webhook-delivery-repository.port';
import { WebhookRepository } from './webhook-repository.port';
import { WebhooksService } from './webhooks.service';
import { NotificationRulesController } from './http/notification-rules.controller';
import { NotificationRuleCache } from './notification-rule-cache.port';
import { NotificationRuleRepository } from './notification-rule-repository.port';
import { NotificationRulesService } from './notification-rules.service';
import { RedisNotificationRuleCache } from './persistence/redis-notification-rule-cache';
import { SqlNotificationRuleRepository } from './persistence/sql-notification-rule.repository';

/** The api side: in-app notifications, webhook administration and inbound email. */
@Module({
  imports: [OrgModule, TicketsModule],
  controllers: [
    NotificationsController,
    WebhooksController,
    InboundEmailController,
    TicketMailsController,
    NotificationRulesController,
    MailboxesController,
  ],
  providers: [
    NotificationsService,
    WebhooksService,
    NotificationRulesService,
    { provide: NotificationRuleRepository, useClass: SqlNotificationRuleRepository },
    { provide: NotificationRuleCache, useClass: RedisNotificationRuleCache },
    InboundEmailService,
    InboundSenders,
    { provide: InboundMailParser, useClass: MailparserInboundMailParser },
    TicketMailsService,
    InboundEmailHttp,
    MailboxesService,
    { provide: MailboxRepository, useClass: SqlMailboxRepository },
    { provide: MailboxConnector, useClass: ImapFlowMailboxConnector },
    { provide: NotificationRepository, useClass: SqlNotificationRepository },
    { provide: WebhookRepository, useClass: SqlWebhookRepository },
    { provide: WebhookDeliveryRepository, useClass: SqlWebhookDeliveryRepository },
    { provide: InboundEmailLog, useClass: SqlInboundEmailLog },
  ],
})
export class NotificationsModule {}
