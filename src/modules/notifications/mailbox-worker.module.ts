import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { TicketsModule } from '../tickets/tickets.module';
import { InboundEmailLog } from './inbound-email.log';
import { InboundEmailService } from './inbound-email.service';
import { MailboxConnector, MailboxLease } from './mailbox-connector.port';
import { MailboxSyncService } from './mailbox-sync.service';
import { MailboxWorker } from './mailbox-worker';
import { MailboxRepository } from './mailbox.repository';
import { ImapFlowMailboxConnector } from './persistence/imapflow-mailbox-connector';
import { RedisMailboxLease } from './persistence/redis-mailbox-lease';
import { SqlInboundEmailLog } from './persistence/sql-inbound-email.log';
import { SqlMailboxRepository } from './persistence/sql-mailbox.repository';

/** The worker side of the mailbox channel: serves each active IMAP mailbox from exactly one worker. */
@Module({
  imports: [OrgModule, TicketsModule],
  providers: [
    InboundEmailService,
    MailboxSyncService,
    MailboxWorker,
    { provide: InboundEmailLog, useClass: SqlInboundEmailLog },
    { provide: MailboxRepository, useClass: SqlMailboxRepository },
    { provide: MailboxConnector, useClass: ImapFlowMailboxConnector },
    { provide: MailboxLease, useClass: RedisMailboxLease },
  ],
})
export class MailboxWorkerModule {}
