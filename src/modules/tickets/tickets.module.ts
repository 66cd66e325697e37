import { Module } from '@nestjs/common';
import { AttachmentsService } from './attachments.service';
import { TicketAttachments } from './ticket-attachments.port';
import { AttachmentsController } from './http/attachments.controller';
import { TicketsController } from './http/tickets.controller';
import { TicketLinksController, TicketMergeController } from './http/ticket-links.controller';
import { TicketMergeService } from './ticket-merge.service';
import { TicketAccessGrantsService } from './ticket-access-grants.service';
import { TicketLinksService } from './ticket-links.service';
import {
  SqlAccessGrantRepository,
  SqlAttachmentRepository,
  SqlIdempotencyRepository,
  SqlTicketMessageRepository,
} from './persistence/sql-ticket-records.repositories';
import { SqlTicketReferences } from './persistence/sql-ticket-references';
import { TicketRecordsModule } from './ticket-records.module';
import { SqlTicketAccess } from './persistence/sql-ticket-access';
import { SqlTicketRepository } from './persistence/sql-ticket.repository';
import { TicketAccess } from './ticket-access.port';
import { TicketIntakeSlot } from './ticket-intake-slot.port';
import { PluggableTicketIntake } from './ticket-intake.slot';
import { TicketLifecycle } from './ticket-lifecycle.port';
import { TicketLifecycleRegistry } from './ticket-lifecycle.registry';
import { AccessGrantRepository } from './access-grant-repository.port';
import { AttachmentRepository } from './attachment-repository.port';
import { TicketMessageRepository } from './ticket-message-repository.port';
import { TicketRepository } from './ticket-repository.port';
import { TicketCommands } from './ticket-commands.port';
import { TicketCommandsService } from './ticket-commands.service';
import { TicketJournal } from './ticket-journal.port';
import { TicketJournalService } from './ticket-journal.service';
import { TicketQueries } from './ticket-queries.port';
import { TicketQueriesService } from './ticket-queries.service';
import { SqlTicketLinkRepository } from './persistence/sql-ticket-links';
import { TicketLinkRepository } from './ticket-links.port';
import { TicketWorkflow } from './ticket-workflow.port';
import { SystemTicketWorkflow } from './ticket-workflow';
import { adapters } from '../../common/di/implements';

@Module({
  imports: [TicketRecordsModule],
  controllers: [TicketsController, AttachmentsController, TicketLinksController, TicketMergeController],
  providers: [
    ...adapters(
      TicketCommandsService,
      TicketQueriesService,
      TicketJournalService,
      SqlTicketRepository,
      SqlTicketMessageRepository,
      SqlAccessGrantRepository,
      SqlIdempotencyRepository,
      SqlAttachmentRepository,
      SqlTicketReferences,
      SqlTicketAccess,
      SqlTicketLinkRepository,
      SystemTicketWorkflow,
    ),
    TicketLinksService,
    TicketMergeService,
    TicketAccessGrantsService,
    AttachmentsService,
    { provide: TicketAttachments, useExisting: AttachmentsService },
    TicketLifecycleRegistry,
    { provide: TicketLifecycle, useExisting: TicketLifecycleRegistry },
    PluggableTicketIntake,
    { provide: TicketIntakeSlot, useExisting: PluggableTicketIntake },
  ],
  exports: [
    TicketCommands,
    TicketQueries,
    TicketJournal,
    AccessGrantRepository,
    TicketLifecycle,
    TicketIntakeSlot,
    TicketAttachments,
    TicketRepository,
    TicketRecordsModule,
    TicketMessageRepository,
    AccessGrantRepository,
    AttachmentRepository,
    TicketAccess,
    TicketLinkRepository,
    TicketWorkflow,
  ],
})
export class TicketsModule {}
