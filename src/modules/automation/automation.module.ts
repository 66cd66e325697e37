import { Module } from '@nestjs/common';
import { AssignmentModule } from '../assignment/assignment.module';
import { TicketsModule } from '../tickets/tickets.module';
import { AccessRequestRepository } from './access-request.repository';
import { AccessRequestsService } from './access-requests.service';
import { AccessRequestsController, TicketAccessRequestsController } from './http/access-requests.controller';
import { MacrosController, TicketMacrosController } from './http/macros.controller';
import { ViewsController } from './http/views.controller';
import { MacroRepository } from './macro.repository';
import { MacrosService } from './macros.service';
import { SqlMacroRepository } from './persistence/sql-macro.repository';
import { SqlAccessRequestRepository } from './persistence/sql-access-request.repository';
import { SavedViewsService } from './saved-views.service';
import { SavedViewsStoreModule } from './saved-views-store.module';

/** Saved views, access requests and macros (and, as they land, links and merge, guest submission). */
@Module({
  imports: [SavedViewsStoreModule, TicketsModule, AssignmentModule],
  controllers: [
    ViewsController,
    TicketAccessRequestsController,
    AccessRequestsController,
    MacrosController,
    TicketMacrosController,
  ],
  providers: [
    SavedViewsService,
    AccessRequestsService,
    { provide: AccessRequestRepository, useClass: SqlAccessRequestRepository },
    MacrosService,
    { provide: MacroRepository, useClass: SqlMacroRepository },
  ],
})
export class AutomationModule {}
