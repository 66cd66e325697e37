import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { TicketsModule } from '../tickets/tickets.module';
import { ApprovalDecisionsService } from './approval-decisions.service';
import { ApprovalFlowService } from './approval-flow.service';
import { ApprovalQueriesService } from './approval-queries.service';
import { DelegationsService } from './delegations.service';
import { ApprovalsController, TicketApprovalsController } from './http/approvals.controller';
import { SqlApprovalRepository } from './persistence/sql-approval.repository';
import { SqlApproverDirectory } from './persistence/sql-approver-directory';
import { SqlDelegationRepository } from './persistence/sql-delegation.repository';
import { adapters } from '../../common/di/implements';

/**
 * Approval chains of service items run on tickets: requests and their steps, decisions, delegation and
 * reassignment. Hooks into the ticket lifecycle (a ticket filed PENDING_APPROVAL gets its request in the same
 * transaction) and moves tickets through the tickets workflow port, never through the tickets service.
 */
@Module({
  imports: [TicketsModule, CatalogModule],
  controllers: [ApprovalsController, TicketApprovalsController],
  providers: [
    ApprovalFlowService,
    ApprovalDecisionsService,
    ApprovalQueriesService,
    DelegationsService,
    ...adapters(SqlApprovalRepository, SqlApproverDirectory, SqlDelegationRepository),
  ],
})
export class ApprovalsModule {}
