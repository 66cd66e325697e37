import { Injectable, Logger } from '@nestjs/common';
import { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { scopeOf } from '../../common/auth/scope-policy';
import { ConflictError, DomainError, invalidField, NotFoundError } from '../../common/errors/domain-errors';
import { EventType } from '../../common/events/domain-event';
import { AuditTrail } from '../../common/audit/audit-trail';
import { UnitOfWork } from '../../common/unit-of-work';
import { Ticket, ticketSnapshot } from '../tickets/domain/ticket';
import { HistoryType, TicketStatus } from '../tickets/domain/ticket-enums';
import { TicketWorkflow } from '../tickets/ticket-workflow.port';
import { AccessGrantRepository } from '../tickets/access-grant-repository.port';
import { TicketRecorder } from '../tickets/ticket-recorder';
import { TicketRepository } from '../tickets/ticket-repository.port';
import { APPROVER_GRANT, ApprovalFlowService } from './approval-flow.service';
import { ApprovalRepository } from './approval-repository.port';
import { ApproverDirectory } from './approver-directory.port';
import {
  ApprovalRequest,
  ApprovalStatus,
  capacitiesOf,
  currentStepOf,
  Decision,
  isInvolved,
  liveApprovers,
  StepStatus,
  stepOutcome,
} from './domain/approval';
import { decisionRefusal, pickCapacity } from './domain/approval-access';
import { refusalError } from './approval-refusal';

export interface DecisionInput {
  decision: Decision;
  comment: string | null;
  /** decide in this delegator's name (needed only when several wait on the caller's decision) */
  onBehalfOf?: string;
}

/**
 * Decisions on approval requests and their consequences, one transaction each. The ticket row is locked first and
 * the request row next, so concurrent decisions on a request run one after the other: the first takes effect, the
 * others find the step decided or closed and get 409.
 */
@Injectable()
export class ApprovalDecisionsService {
  private readonly logger = new Logger('Approvals');

  constructor(
    private readonly approvals: ApprovalRepository,
    private readonly directory: ApproverDirectory,
    private readonly flow: ApprovalFlowService,
    private readonly workflow: TicketWorkflow,
    private readonly tickets: TicketRepository,
    private readonly recorder: TicketRecorder,
    private readonly grants: AccessGrantRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditTrail,
  ) {}

  async decide(user: Actor, approvalId: string, input: DecisionInput): Promise<ApprovalRequest> {
    return this.uow.run(async () => {
      const { ticket, request } = await this.lock(approvalId);
      const delegators = await this.directory.activeDelegatorsOf(user.id);
      const capacities = capacitiesOf(request, user.id, delegators);
      if (capacities.length === 0) throw await this.refusal(user, request, delegators);
      const picked = pickCapacity(capacities, user.id, input.onBehalfOf);
      if (!picked.ok) throw refusalError(picked, 'Approval request');
      const { approverId } = picked;
      const step = currentStepOf(request)!;
      const recorded = await this.approvals.recordDecision(
        step.id,
        approverId,
        user.id,
        input.decision,
        input.comment,
      );
      if (!recorded) throw new ConflictError('This approval step was already decided');
      // whoever decides becomes party to the ticket, a delegate included
      if (approverId !== user.id) await this.grants.grant(ticket.id, user.id, null, APPROVER_GRANT);
      const onBehalfOf = approverId !== user.id ? approverId : undefined;
      const after = (await this.approvals.find(approvalId))!;
      const outcome = stepOutcome(currentStepOf(after)!);
      const last = step.position === after.steps.length;
      const requestStatus =
        outcome === 'REJECTED'
          ? ApprovalStatus.REJECTED
          : outcome === 'APPROVED' && last
            ? ApprovalStatus.APPROVED
            : ApprovalStatus.PENDING;
      await this.recorder.record(
        {
          ticketId: ticket.id,
          type: HistoryType.APPROVAL_DECIDED,
          actorId: user.id,
          details: {
            approvalId,
            step: step.position,
            decision: input.decision,
            decidedBy: user.id,
            ...(onBehalfOf ? { onBehalfOf } : {}),
            ...(input.comment ? { comment: input.comment } : {}),
          },
        },
        {
          type: EventType.APPROVAL_DECIDED,
          data: {
            ticket: ticketSnapshot(ticket),
            approvalId,
            step: step.position,
            decision: input.decision,
            decidedBy: user.id,
            onBehalfOf: onBehalfOf ?? null,
            stepStatus: outcome === 'PENDING' ? StepStatus.PENDING : outcome,
            status: requestStatus,
          },
        },
      );
      this.logger.log(
        { ticketId: ticket.id, approvalId, step: step.position, actorId: user.id, onBehalfOf, outcome },
        'approval decided',
      );

      if (outcome === 'REJECTED') {
        await this.approvals.closeStep(step.id, StepStatus.REJECTED);
        await this.approvals.close(approvalId, ApprovalStatus.REJECTED);
        await this.workflow.moveAsSystem(ticket, TicketStatus.CANCELLED, 'approval rejected');
      } else if (outcome === 'APPROVED') {
        await this.approvals.closeStep(step.id, StepStatus.APPROVED);
        if (last) {
          await this.approvals.close(approvalId, ApprovalStatus.APPROVED);
          await this.workflow.moveAsSystem(ticket, TicketStatus.OPEN, 'approved');
        } else {
          await this.flow.openStep(ticket, after, step.position + 1);
        }
      }
      return (await this.approvals.find(approvalId))!;
    });
  }

  /** ADMIN: `toUserId` takes the place of an approver still waiting on the open step (one deactivated, say). */
  async reassign(
    admin: Actor,
    approvalId: string,
    fromUserId: string,
    toUserId: string,
  ): Promise<ApprovalRequest> {
    return this.uow.run(async (tx) => {
      const { ticket, request } = await this.lock(approvalId);
      const step = currentStepOf(request);
      if (!step) throw new ConflictError(`This approval request is already ${request.status}`);
      if (fromUserId === toUserId) throw invalidField('toUserId', 'must differ from fromUserId');
      if (toUserId === request.requesterId) {
        throw invalidField('toUserId', 'the requester cannot approve their own ticket');
      }
      if (!(await this.directory.isActiveUser(toUserId)))
        throw invalidField('toUserId', 'no such active user');
      if (liveApprovers(step).some((a) => a.userId === toUserId)) {
        throw new ConflictError('That user already approves this step');
      }
      if (!(await this.approvals.replaceApprover(step.id, fromUserId, toUserId))) {
        throw invalidField('fromUserId', 'is not an approver still waiting on the open step');
      }
      await this.flow.requested(ticket, approvalId, step.position, step.mode, [toUserId], admin.id, {
        replaces: fromUserId,
      });
      const stepRef = { ticketId: ticket.id, step: step.position };
      await this.audit.record(tx, {
        action: 'approval.approver_replaced',
        entityType: 'approval',
        entityId: approvalId,
        before: { ...stepRef, approverId: fromUserId },
        after: { ...stepRef, approverId: toUserId },
        actorId: admin.id,
      });
      this.logger.log(
        { ticketId: ticket.id, approvalId, step: step.position, actorId: admin.id, fromUserId, toUserId },
        'approver replaced',
      );
      return (await this.approvals.find(approvalId))!;
    });
  }

  /** The ticket, then the request, both locked; a request that does not exist is 404. */
  private async lock(approvalId: string): Promise<{ ticket: Ticket; request: ApprovalRequest }> {
    const ticketId = await this.approvals.ticketIdOf(approvalId);
    const ticket = ticketId ? await this.workflow.lock(ticketId) : null;
    const request = ticket ? await this.approvals.find(approvalId, true) : null;
    if (!ticket || !request) throw new NotFoundError('Approval request');
    // a ticket moved out of PENDING_APPROVAL by a path that bypassed the lifecycle: its request waits on nothing
    if (request.status === ApprovalStatus.PENDING && ticket.status !== TicketStatus.PENDING_APPROVAL) {
      throw new ConflictError(`The ticket no longer waits for approval (it is ${ticket.status})`);
    }
    return { ticket, request };
  }

  /** 404 to whom may not see the request, 409 to whom had their turn or finds it closed, else 403. */
  private async refusal(
    user: Actor,
    request: ApprovalRequest,
    delegators: ReadonlySet<string>,
  ): Promise<DomainError> {
    const sees =
      user.role === Role.ADMIN ||
      isInvolved(request, user.id, delegators) ||
      (await this.tickets.findVisible(scopeOf(user), { id: request.ticketId })) !== null;
    return refusalError(decisionRefusal(request, user.id, delegators, sees), 'Approval request');
  }
}
