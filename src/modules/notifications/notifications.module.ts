import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { TicketsModule } from '../tickets/tickets.module';
import { InboundEmailController } from './http/inbound-email.controller';
import { InboundEmailHttp } from './http/inbound-email.http';
import { NotificationsController } from './http/notifications.controller';
import { TicketMailsController } from './http/ticket-mails.controller';
import { MailboxesController } from './http/mailboxes.controller';
import { MailboxesService } from './mailboxes.service';
import { ImapFlowMailboxConnector } from './persistence/imapflow-mailbox-connector';
import { SqlMailboxRepository } from './persistence/sql-mailbox.repository';
import { WebhooksController } from './http/webhooks.controller';
import { InboundEmailService } from './inbound-email.service';
import { InboundSenders } from './inbound-senders.service';
import { MailparserInboundMailParser } from './persistence/mailparser-inbound-mail-reader';
import { TicketMailsService } from './ticket-mails.service';
import { NotificationsService } from './notifications.service';
import { SqlInboundEmailLog } from './persistence/sql-inbound-email.log';
import { SqlNotificationRepository } from './persistence/sql-notification.repository';
import { SqlWebhookDeliveryRepository, SqlWebhookRepository } from './persistence/sql-webhook.repository';
import { WebhooksService } from './webhooks.service';
import { NotificationRulesController } from './http/notification-rules.controller';
import { NotificationRulesService } from './notification-rules.service';
import { redisNotificationRuleCache } from './persistence/redis-notification-rule-cache';
import { SqlNotificationRuleRepository } from './persistence/sql-notification-rule.repository';
import { adapters } from '../../common/di/implements';

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
    ...adapters(
      SqlNotificationRuleRepository,
      MailparserInboundMailParser,
      SqlMailboxRepository,
      ImapFlowMailboxConnector,
      SqlNotificationRepository,
      SqlWebhookRepository,
      SqlWebhookDeliveryRepository,
      SqlInboundEmailLog,
    ),
    redisNotificationRuleCache,
    InboundEmailService,
    InboundSenders,
    TicketMailsService,
    InboundEmailHttp,
    MailboxesService,
  ],
})
export class NotificationsModule {}
