import { Module } from '@nestjs/common';
import { TicketsModule } from '../tickets/tickets.module';
import { AccessRequestRepository } from './access-request.repository';
import { AccessRequestsService } from './access-requests.service';
import { AccessRequestsController, TicketAccessRequestsController } from './http/access-requests.controller';
import { ViewsController } from './http/views.controller';
import { SqlAccessRequestRepository } from './persistence/sql-access-request.repository';
import { SavedViewsService } from './saved-views.service';
import { SavedViewsStoreModule } from './saved-views-store.module';

/** Saved views and access requests (and, as they land, macros, links and merge, guest submission). */
@Module({
  imports: [SavedViewsStoreModule, TicketsModule],
  controllers: [ViewsController, TicketAccessRequestsController, AccessRequestsController],
  providers: [
    SavedViewsService,
    AccessRequestsService,
    { provide: AccessRequestRepository, useClass: SqlAccessRequestRepository },
  ],
})
export class AutomationModule {}
