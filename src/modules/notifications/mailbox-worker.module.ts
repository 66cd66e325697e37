import { Module } from '@nestjs/common';
import { OutboxModule } from '../../infrastructure/outbox/outbox.module';
import { StorageModule } from '../../infrastructure/storage/storage.module';
import { ApprovalsModule } from '../approvals/approvals.module';
import { AssignmentModule } from '../assignment/assignment.module';
import { SavedViewsStoreModule } from '../automation/saved-views-store.module';
import { CatalogModule } from '../catalog/catalog.module';
import { OrgModule } from '../org/org.module';
import { SlaModule } from '../sla/sla.module';
import { TicketsModule } from '../tickets/tickets.module';
import { InboundEmailService } from './inbound-email.service';
import { InboundSenders } from './inbound-senders.service';
import { MailparserInboundMailParser } from './persistence/mailparser-inbound-mail-reader';
import { MailboxSyncService } from './mailbox-sync.service';
import { MailboxWorker } from './mailbox-worker';
import { ImapFlowMailboxConnector } from './persistence/imapflow-mailbox-connector';
import { RedisMailboxLease } from './persistence/redis-mailbox-lease';
import { SqlInboundEmailLog } from './persistence/sql-inbound-email.log';
import { SqlMailboxRepository } from './persistence/sql-mailbox.repository';
import { adapters } from '../../common/di/implements';

/**
 * The worker side of the mailbox channel: serves each active IMAP mailbox from exactly one worker. Tickets opened
 * here go through the same intake and reactions as in the api (catalog, approvals, SLA clock, auto-assignment), so
 * those modules come along in the standalone worker, with the attachment storage.
 */
@Module({
  imports: [
    StorageModule,
    OutboxModule,
    SavedViewsStoreModule,
    OrgModule,
    TicketsModule,
    CatalogModule,
    ApprovalsModule,
    SlaModule,
    AssignmentModule,
  ],
  providers: [
    InboundEmailService,
    InboundSenders,
    ...adapters(
      MailparserInboundMailParser,
      SqlInboundEmailLog,
      SqlMailboxRepository,
      ImapFlowMailboxConnector,
      RedisMailboxLease,
    ),
    MailboxSyncService,
    MailboxWorker,
  ],
})
export class MailboxWorkerModule {}
