import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConflictError } from '../../common/errors/domain-errors';
import { EventType } from '../../common/events/domain-event';
import { ItemRepository } from '../catalog/item-repository.port';
import { Ticket, ticketSnapshot } from '../tickets/domain/ticket';
import { HistoryType, TicketStatus } from '../tickets/domain/ticket-enums';
import { TicketLifecycle } from '../tickets/ticket-lifecycle.port';
import { AccessGrantRepository } from '../tickets/access-grant-repository.port';
import { ApprovalRepository } from './approval-repository.port';
import { ApproverDirectory } from './approver-directory.port';
import { ApprovalMode, ApprovalRequest, ApprovalStatus, resolveStep } from './domain/approval';
import { TicketRecorder } from '../tickets/ticket-recorder';

/** how approvers are made party to the ticket they decide (they may then read it, as the contract says) */
export const APPROVER_GRANT = 'APPROVER';

/**
 * The approval chain along the ticket lifecycle: a ticket filed PENDING_APPROVAL gets its request, with step 1 open,
 * in the transaction that creates it; a ticket that leaves PENDING_APPROVAL another way (its requester cancels it)
 * ends its request. Opening a step works out its approvers, makes them party to the ticket, and tells them (and
 * whoever stands in for them now) with APPROVAL_REQUESTED history and an `approval.requested` event.
 */
@Injectable()
export class ApprovalFlowService implements OnModuleInit {
  private readonly logger = new Logger('Approvals');

  constructor(
    private readonly recorder: TicketRecorder,
    private readonly lifecycle: TicketLifecycle,
    private readonly approvals: ApprovalRepository,
    private readonly directory: ApproverDirectory,
    private readonly items: ItemRepository,
    private readonly grants: AccessGrantRepository,
  ) {}

  onModuleInit(): void {
    this.lifecycle.register({
      onCreated: (_tx, ticket) => this.ticketFiled(ticket),
      onStatusChanged: (_tx, ticket, from) => this.ticketMoved(ticket, from),
    });
  }

  private async ticketFiled(ticket: Ticket): Promise<void> {
    if (ticket.status !== TicketStatus.PENDING_APPROVAL) return;
    // the chain as it is now is copied, so later edits of the item never change this request
    const item = ticket.serviceItemId ? await this.items.findById(ticket.serviceItemId) : null;
    if (!item?.approval || item.approval.steps.length === 0) {
      throw new ConflictError(
        'The service item’s approval chain changed while the ticket was filed; file it again',
      );
    }
    const id = await this.approvals.create({
      ticketId: ticket.id,
      serviceItemId: item.id,
      chain: item.approval,
    });
    await this.openStep(ticket, (await this.approvals.find(id))!, 1);
    this.logger.log(
      { ticketId: ticket.id, approvalId: id, steps: item.approval.steps.length },
      'approval requested',
    );
  }

  private async ticketMoved(ticket: Ticket, from: TicketStatus): Promise<void> {
    if (from !== TicketStatus.PENDING_APPROVAL) return;
    // the chain's own moves close the request first; anything else (the requester cancelling) withdraws it
    const pending = await this.approvals.lockPendingOfTicket(ticket.id);
    if (!pending) return;
    await this.approvals.close(pending.id, ApprovalStatus.CANCELLED);
    this.logger.log({ ticketId: ticket.id, approvalId: pending.id, to: ticket.status }, 'approval withdrawn');
  }

  /** Opens step `position` of a pending request on a locked ticket, in the caller's transaction. */
  async openStep(ticket: Ticket, request: ApprovalRequest, position: number): Promise<void> {
    const step = request.steps.find((s) => s.position === position);
    if (!step) throw new Error(`approval ${request.id} has no step ${position}`);
    const named = step.rules.flatMap((r) => ('userId' in r ? [r.userId] : []));
    const facts = await this.directory.resolutionFacts(ticket.requesterId, ticket.departmentId, named);
    const resolved = resolveStep(step, facts);
    await this.approvals.openStep(request.id, position, resolved);
    const approverIds = resolved.approvers.map((a) => a.userId);
    await this.requested(ticket, request.id, position, resolved.mode, approverIds, null);
  }

  /**
   * Tells approvers a decision waits on them: party to the ticket, history, and an event naming them and their
   * delegates of the moment (`recipientIds`), who are mailed and notified in-app; the requester, who may not decide
   * their own ticket, is not told even when a delegation names them.
   */
  async requested(
    ticket: Ticket,
    approvalId: string,
    step: number,
    mode: ApprovalMode,
    approverIds: string[],
    actorId: string | null,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    for (const userId of approverIds) await this.grants.grant(ticket.id, userId, null, APPROVER_GRANT);
    const delegates = (await this.directory.activeDelegatesOf(approverIds)).filter(
      (id) => id !== ticket.requesterId,
    );
    await this.recorder.record(
      {
        ticketId: ticket.id,
        type: HistoryType.APPROVAL_REQUESTED,
        actorId,
        details: { approvalId, step, mode, approverIds, ...extra },
      },
      {
        type: EventType.APPROVAL_REQUESTED,
        data: {
          ticket: ticketSnapshot(ticket),
          approvalId,
          step,
          mode,
          approverIds,
          recipientIds: [...new Set([...approverIds, ...delegates])],
          ...extra,
        },
      },
    );
  }
}
