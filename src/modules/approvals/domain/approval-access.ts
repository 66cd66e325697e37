import { Role } from '../../../common/auth/role';
import { ApprovalRequest, ApprovalStatus, hadTurn } from './approval';
import { Delegation } from './delegation';

/**
 * The answers of the approval access rules. They never throw: the services turn a refusal into the error its kind
 * names (`not-found` 404, `forbidden` 403, `conflict` 409, `invalid` 400 about `field`).
 */
export type ApprovalRefusal =
  | { ok: false; kind: 'not-found' }
  | { ok: false; kind: 'forbidden' | 'conflict'; reason: string }
  | { ok: false; kind: 'invalid'; field: string; reason: string };

export type ApprovalCheck<T extends object = object> = ({ ok: true } & T) | ApprovalRefusal;

/**
 * Why a user who may not decide the open step now (no capacity) is refused: not seeing the request at all (`sees`:
 * an ADMIN, someone involved, or whoever sees the ticket) is 404; finding it closed, 409; being its requester, 403;
 * having had one's turn, 409; anything else 403.
 */
export function decisionRefusal(
  request: ApprovalRequest,
  userId: string,
  delegators: ReadonlySet<string>,
  sees: boolean,
): ApprovalRefusal {
  if (!sees) return { ok: false, kind: 'not-found' };
  if (request.status !== ApprovalStatus.PENDING)
    return { ok: false, kind: 'conflict', reason: `This approval request is already ${request.status}` };
  // nobody decides on their own ticket, not even in a delegator's name whose turn has passed
  if (userId === request.requesterId)
    return { ok: false, kind: 'forbidden', reason: 'You may not decide on your own ticket' };
  if (hadTurn(request, userId, delegators))
    return { ok: false, kind: 'conflict', reason: 'You already decided on this request' };
  return { ok: false, kind: 'forbidden', reason: 'You are not an approver of this request’s open step' };
}

/** In whose name to decide: the one asked for, else one's own, else the only delegator waiting. */
export function pickCapacity(
  capacities: readonly string[],
  userId: string,
  onBehalfOf?: string,
): ApprovalCheck<{ approverId: string }> {
  if (onBehalfOf !== undefined) {
    if (!capacities.includes(onBehalfOf))
      return {
        ok: false,
        kind: 'forbidden',
        reason: 'You may not decide in that user’s name on this step now',
      };
    return { ok: true, approverId: onBehalfOf };
  }
  if (capacities.includes(userId)) return { ok: true, approverId: userId };
  if (capacities.length === 1) return { ok: true, approverId: capacities[0] };
  return {
    ok: false,
    kind: 'invalid',
    field: 'onBehalfOf',
    reason: 'several approvers who delegated to you wait on this step: name one',
  };
}

/**
 * Ending a delegation: its delegator or an ADMIN; its delegate sees it but may not end it (403); to anyone else it
 * does not exist (404).
 */
export function checkDelegationEnd(
  user: { id: string; role: Role },
  delegation: Pick<Delegation, 'delegatorId' | 'delegateId'>,
): ApprovalCheck {
  if (user.role === Role.ADMIN || delegation.delegatorId === user.id) return { ok: true };
  if (delegation.delegateId === user.id)
    return { ok: false, kind: 'forbidden', reason: 'Only the delegator may end a delegation' };
  return { ok: false, kind: 'not-found' };
}
