import { Module } from '@nestjs/common';
import { AssignmentModule } from '../assignment/assignment.module';
import { AuthModule } from '../auth/auth.module';
import { OrgModule } from '../org/org.module';
import { TicketsModule } from '../tickets/tickets.module';
import { AccessRequestsService } from './access-requests.service';
import { GuestSubmissionService } from './guest-submission.service';
import { GuestTicketsGuard } from './http/guest-tickets.guard';
import { PublicTicketsController } from './http/public-tickets.controller';
import { AccessRequestsController, TicketAccessRequestsController } from './http/access-requests.controller';
import { MacrosController, TicketMacrosController } from './http/macros.controller';
import { ViewsController } from './http/views.controller';
import { MacrosService } from './macros.service';
import { SqlMacroRepository } from './persistence/sql-macro.repository';
import { SqlAccessRequestRepository } from './persistence/sql-access-request.repository';
import { SavedViewsService } from './saved-views.service';
import { SavedViewsStoreModule } from './saved-views-store.module';
import { adapters } from '../../common/di/implements';

/** Saved views, access requests, macros and guest submission (and, as they land, links and merge). */
@Module({
  imports: [SavedViewsStoreModule, TicketsModule, AssignmentModule, OrgModule, AuthModule],
  controllers: [
    ViewsController,
    TicketAccessRequestsController,
    AccessRequestsController,
    MacrosController,
    TicketMacrosController,
    PublicTicketsController,
  ],
  providers: [
    SavedViewsService,
    AccessRequestsService,
    ...adapters(SqlAccessRequestRepository, SqlMacroRepository),
    MacrosService,
    GuestSubmissionService,
    GuestTicketsGuard,
  ],
})
export class AutomationModule {}
