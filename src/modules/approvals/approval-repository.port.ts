import { Page, PageRequest } from '../../common/pagination/page';
import {
  ApprovalChainDefinition,
  ApprovalMode,
  ApprovalRequest,
  ApprovalStatus,
  Decision,
  ResolvedStep,
  StepStatus,
} from './domain/approval';

export interface NewApprovalRequest {
  ticketId: string;
  serviceItemId: string | null;
  chain: ApprovalChainDefinition;
}

/** One decision waiting on the caller: in their own name, or (`onBehalfOf`) a delegator's. */
export interface PendingApproval {
  id: string;
  ticketId: string;
  ticketPid: string;
  step: number;
  mode: ApprovalMode;
  requestedAt: Date;
  onBehalfOf: string | null;
}

export interface ApprovalFilter {
  status?: ApprovalStatus;
  /** only requests still pending that were filed before this time (the stale list) */
  pendingSince?: Date;
}

/** Approval requests with their steps and approvers. Writes join the caller's transaction. */
export abstract class ApprovalRepository {
  /** A new PENDING request at step 1, with every step of the chain WAITING; returns its id. */
  abstract create(request: NewApprovalRequest): Promise<string>;
  /** With `lock`, the request row stays locked to the end of the transaction (decisions serialise on it). */
  abstract find(id: string, lock?: boolean): Promise<ApprovalRequest | null>;
  abstract ticketIdOf(id: string): Promise<string | null>;
  abstract listByTicket(ticketId: string): Promise<ApprovalRequest[]>;
  /** The ticket's PENDING request, locked, if it has one. */
  abstract lockPendingOfTicket(ticketId: string): Promise<ApprovalRequest | null>;
  /** Opens the step at `position` with its resolved approvers and makes it the request's current step. */
  abstract openStep(requestId: string, position: number, resolved: ResolvedStep): Promise<void>;
  /** Records a live approver's decision if they have none yet; false when someone got there first. */
  abstract recordDecision(
    stepId: string,
    approverId: string,
    decidedBy: string,
    decision: Decision,
    comment: string | null,
  ): Promise<boolean>;
  abstract closeStep(
    stepId: string,
    status: typeof StepStatus.APPROVED | typeof StepStatus.REJECTED,
  ): Promise<void>;
  /** Ends the request; its steps still waiting or open are CANCELLED. */
  abstract close(
    requestId: string,
    status: typeof ApprovalStatus.APPROVED | typeof ApprovalStatus.REJECTED | typeof ApprovalStatus.CANCELLED,
  ): Promise<void>;
  /** Puts `toUserId` in place of a live, undecided approver; false when `fromUserId` is not one. */
  abstract replaceApprover(stepId: string, fromUserId: string, toUserId: string): Promise<boolean>;
  /** Decisions waiting on the user now, in their own name and in that of active delegators; oldest first. */
  abstract pendingFor(userId: string, page: PageRequest): Promise<Page<PendingApproval>>;
  /** Every request (ADMIN), oldest first. */
  abstract list(filter: ApprovalFilter, page: PageRequest): Promise<Page<ApprovalRequest>>;
}
