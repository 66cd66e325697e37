import { iso } from '../../../common/time/iso';
import { PendingApproval } from '../approval-repository.port';
import { ApprovalRequest, ApprovalStep, StepStatus } from '../domain/approval';
import { Delegation, isActiveAt } from '../domain/delegation';
import { Ticket } from '../../tickets/domain/ticket';
import {
  ApprovalResponseDto,
  ApprovalStepResponseDto,
  DelegationResponseDto,
  PendingApprovalDto,
} from './approval.dto';

export const toPendingResponse = (p: PendingApproval): PendingApprovalDto => ({
  id: p.id,
  ticketId: p.ticketId,
  ticketPid: p.ticketPid,
  step: p.step,
  mode: p.mode,
  requestedAt: p.requestedAt.toISOString(),
  ...(p.onBehalfOf ? { onBehalfOf: p.onBehalfOf } : {}),
});

const toStepResponse = (s: ApprovalStep): ApprovalStepResponseDto => ({
  step: s.position,
  mode: s.mode,
  status: s.status,
  rules: s.rules,
  openedAt: iso(s.openedAt),
  closedAt: iso(s.closedAt),
  approvers: s.approvers.map((a) => ({
    userId: a.userId,
    source: a.source,
    active: a.active,
    waiting: s.status === StepStatus.PENDING && a.replacedBy === null && a.decision === null,
    addedAt: a.addedAt.toISOString(),
    replacedBy: a.replacedBy,
    replacedAt: iso(a.replacedAt),
  })),
  decisions: s.approvers
    .filter((a) => a.decision !== null)
    .sort((a, b) => a.decidedAt!.getTime() - b.decidedAt!.getTime())
    .map((a) => ({
      approverId: a.userId,
      decidedBy: a.decidedBy!,
      onBehalfOf: a.decidedBy !== a.userId ? a.userId : null,
      decision: a.decision!,
      comment: a.comment,
      decidedAt: a.decidedAt!.toISOString(),
    })),
});

export const toApprovalResponse = (r: ApprovalRequest, ticket?: Ticket): ApprovalResponseDto => ({
  id: r.id,
  ticketId: r.ticketId,
  ticketPid: r.ticketPid,
  requesterId: r.requesterId,
  serviceItemId: r.serviceItemId,
  status: r.status,
  currentStep: r.currentStep,
  requestedAt: r.createdAt.toISOString(),
  closedAt: iso(r.closedAt),
  steps: r.steps.map(toStepResponse),
  ...(ticket
    ? {
        ticket: {
          id: ticket.id,
          pid: ticket.pid,
          title: ticket.title,
          description: ticket.description,
          status: ticket.status,
          priority: ticket.priority,
          requesterId: ticket.requesterId,
          departmentId: ticket.departmentId,
          serviceItemId: ticket.serviceItemId,
          customFields: ticket.customFields,
        },
      }
    : {}),
});

export const toDelegationResponse = (d: Delegation, now = new Date()): DelegationResponseDto => ({
  id: d.id,
  delegatorId: d.delegatorId,
  delegateId: d.delegateId,
  from: d.from.toISOString(),
  to: d.to.toISOString(),
  active: isActiveAt(d, now),
  createdAt: d.createdAt.toISOString(),
});
