import { EnumValue, namedEnum } from '../../../common/named-enum';
import {
  ApprovalMode,
  ApproverRule,
  ApprovalChainDefinition,
} from '../../catalog/domain/approval-definition';

export { ApprovalMode, ApproverRule, ApprovalChainDefinition };

export const ApprovalStatus = namedEnum(
  'PENDING',
  'APPROVED',
  'REJECTED',
  /** the ticket left PENDING_APPROVAL another way (its requester cancelled it) */
  'CANCELLED',
);
export type ApprovalStatus = EnumValue<typeof ApprovalStatus>;

export const StepStatus = namedEnum(
  /** not reached yet: its approvers are worked out when it opens */
  'WAITING',
  'PENDING',
  'APPROVED',
  'REJECTED',
  'CANCELLED',
);
export type StepStatus = EnumValue<typeof StepStatus>;

export type Decision = 'APPROVED' | 'REJECTED';

/** Why a user is an approver of a step. */
export type ApproverSource =
  | 'USER'
  | 'TEAM_LEAD:REQUESTER_DEPARTMENT'
  | 'TEAM_LEAD:ITEM_DEPARTMENT'
  /** the rules named nobody who could decide: the active ADMINs are asked instead */
  | 'FALLBACK_ADMIN'
  /** put in place of another approver by an ADMIN */
  | 'REASSIGNED';

export interface StepApprover {
  userId: string;
  source: ApproverSource;
  addedAt: Date;
  /** whether the user account is active now */
  active: boolean;
  /** set when an ADMIN replaced this approver; a replaced approver no longer counts */
  replacedBy: string | null;
  replacedAt: Date | null;
  decision: Decision | null;
  /** who decided: the approver, or their delegate in their name */
  decidedBy: string | null;
  comment: string | null;
  decidedAt: Date | null;
}

export interface ApprovalStep {
  id: string;
  /** from 1 */
  position: number;
  mode: ApprovalMode;
  rules: ApproverRule[];
  status: StepStatus;
  openedAt: Date | null;
  closedAt: Date | null;
  approvers: StepApprover[];
}

export interface ApprovalRequest {
  id: string;
  ticketId: string;
  ticketPid: string;
  requesterId: string;
  serviceItemId: string | null;
  status: ApprovalStatus;
  /** the open step's position, null once the request is closed */
  currentStep: number | null;
  createdAt: Date;
  closedAt: Date | null;
  steps: ApprovalStep[];
}

/** The approvers that count: not replaced. */
export const liveApprovers = (step: Pick<ApprovalStep, 'approvers'>): StepApprover[] =>
  step.approvers.filter((a) => a.replacedBy === null);

/** Approvers of a step who have not decided yet (and were not replaced). */
export const waitingApprovers = (step: Pick<ApprovalStep, 'approvers'>): StepApprover[] =>
  liveApprovers(step).filter((a) => a.decision === null);

/**
 * Where a step stands after its decisions: one rejection rejects it; `ANY` passes with one approval, `ALL` with the
 * approval of every live approver (a deactivated one holds it until an ADMIN replaces them).
 */
export function stepOutcome(step: Pick<ApprovalStep, 'mode' | 'approvers'>): 'PENDING' | Decision {
  const live = liveApprovers(step);
  if (live.some((a) => a.decision === 'REJECTED')) return 'REJECTED';
  const approved = live.filter((a) => a.decision === 'APPROVED').length;
  if (step.mode === 'ANY') return approved > 0 ? 'APPROVED' : 'PENDING';
  return live.length > 0 && approved === live.length ? 'APPROVED' : 'PENDING';
}

export const currentStepOf = (request: ApprovalRequest): ApprovalStep | null =>
  request.status === ApprovalStatus.PENDING
    ? (request.steps.find((s) => s.position === request.currentStep) ?? null)
    : null;

/** What resolving a step's rules needs to know, gathered when it opens. */
export interface ResolutionFacts {
  requesterId: string;
  /** named users that exist and are active */
  activeUsers: ReadonlySet<string>;
  /** active team leads of the requester's department (none for a requester without one) */
  requesterDepartmentLeads: readonly string[];
  /** active team leads of the service item's department */
  itemDepartmentLeads: readonly string[];
  activeAdmins: readonly string[];
}

export interface ResolvedStep {
  mode: ApprovalMode;
  approvers: Array<{ userId: string; source: ApproverSource }>;
}

/**
 * The approvers of a step as it opens: named users if active, the active team leads of the department the rule
 * names. Nobody approves their own ticket, so the requester is left out. When that leaves nobody, the active ADMINs
 * are asked, any one of them enough, so a ticket never waits on an empty step.
 */
export function resolveStep(
  step: { mode: ApprovalMode; rules: readonly ApproverRule[] },
  facts: ResolutionFacts,
): ResolvedStep {
  const approvers: ResolvedStep['approvers'] = [];
  const add = (userId: string, source: ApproverSource) => {
    if (userId === facts.requesterId || approvers.some((a) => a.userId === userId)) return;
    approvers.push({ userId, source });
  };
  for (const rule of step.rules) {
    if ('userId' in rule) {
      if (facts.activeUsers.has(rule.userId)) add(rule.userId, 'USER');
    } else {
      const leads =
        rule.scope === 'REQUESTER_DEPARTMENT' ? facts.requesterDepartmentLeads : facts.itemDepartmentLeads;
      for (const lead of leads) add(lead, `TEAM_LEAD:${rule.scope}`);
    }
  }
  if (approvers.length > 0) return { mode: step.mode, approvers };
  for (const admin of facts.activeAdmins) add(admin, 'FALLBACK_ADMIN');
  return { mode: 'ANY', approvers };
}

/**
 * In whose names `userId` may decide the open step now: their own when they wait on it, and each waiting approver
 * who delegated to them for this moment (`delegators`, active users only). Nobody approves their own ticket, in
 * anyone's name: the requester has none.
 */
export function capacitiesOf(
  request: ApprovalRequest,
  userId: string,
  delegators: ReadonlySet<string>,
): string[] {
  if (userId === request.requesterId) return [];
  const step = currentStepOf(request);
  if (!step) return [];
  const waiting = waitingApprovers(step);
  const own = waiting.filter((a) => a.userId === userId).map((a) => a.userId);
  const onBehalf = waiting.filter((a) => a.active && delegators.has(a.userId)).map((a) => a.userId);
  return [...own, ...onBehalf.filter((id) => id !== userId)];
}

/** Everyone who is or was an approver of the request, or decided in someone's name. */
export const participantsOf = (request: ApprovalRequest): Set<string> =>
  new Set(
    request.steps.flatMap((s) =>
      s.approvers.flatMap((a) => [a.userId, ...(a.decidedBy ? [a.decidedBy] : [])]),
    ),
  );

/**
 * Whether `userId`, in their own name or a delegator's, had their turn on the request already: they decided, or
 * they waited on a step that has since closed. Deciding again is then a conflict (409), not a lack of right (403).
 */
export function hadTurn(request: ApprovalRequest, userId: string, delegators: ReadonlySet<string>): boolean {
  return request.steps.some((s) =>
    s.approvers.some(
      (a) =>
        a.decidedBy === userId ||
        (a.replacedBy === null &&
          (a.userId === userId || delegators.has(a.userId)) &&
          (a.decision !== null || s.status !== StepStatus.PENDING)),
    ),
  );
}

/** Whether the user is named on the request, or stands in now for someone who is. */
export function isInvolved(
  request: ApprovalRequest,
  userId: string,
  delegators: ReadonlySet<string>,
): boolean {
  if (request.requesterId === userId) return true;
  const involved = participantsOf(request);
  return involved.has(userId) || [...delegators].some((d) => involved.has(d));
}
