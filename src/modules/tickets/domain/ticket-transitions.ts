import { TicketStatus as S } from './ticket-enums';

/** Who moves a ticket: its requester, staff working it, or the system (approvals, automatic reopen by reply). */
export type TransitionActor = 'REQUESTER' | 'STAFF' | 'SYSTEM';

/** The contract's transition table, with who may perform each move. Anything absent is INVALID_TRANSITION. */
export const TRANSITIONS: Readonly<Record<S, Partial<Record<S, readonly TransitionActor[]>>>> = {
  [S.PENDING_APPROVAL]: {
    [S.OPEN]: ['SYSTEM'],
    [S.CANCELLED]: ['SYSTEM', 'REQUESTER'],
  },
  [S.OPEN]: {
    [S.IN_PROGRESS]: ['STAFF'],
    [S.PENDING_USER]: ['STAFF'],
    [S.RESOLVED]: ['STAFF'],
    [S.CANCELLED]: ['STAFF', 'REQUESTER'],
  },
  [S.IN_PROGRESS]: {
    [S.OPEN]: ['STAFF'],
    [S.PENDING_USER]: ['STAFF'],
    [S.RESOLVED]: ['STAFF'],
    [S.CANCELLED]: ['STAFF'],
  },
  [S.PENDING_USER]: {
    [S.IN_PROGRESS]: ['STAFF', 'SYSTEM'],
    [S.RESOLVED]: ['STAFF'],
    [S.CLOSED]: ['STAFF'],
  },
  [S.RESOLVED]: {
    [S.CLOSED]: ['STAFF', 'REQUESTER', 'SYSTEM'],
    [S.IN_PROGRESS]: ['STAFF', 'REQUESTER'],
  },
  [S.CLOSED]: {},
  [S.CANCELLED]: {},
};

export type TransitionCheck = { ok: true } | { ok: false; reason: 'invalid' | 'forbidden' };

/**
 * `invalid`: the table has no such move (409 INVALID_TRANSITION); `forbidden`: the move exists but this actor may
 * not make it (403). An actor who is both requester and staff may use either right.
 */
export function checkTransition(from: S, to: S, actors: readonly TransitionActor[]): TransitionCheck {
  const allowed = TRANSITIONS[from][to];
  if (!allowed) return { ok: false, reason: 'invalid' };
  return actors.some((a) => allowed.includes(a)) ? { ok: true } : { ok: false, reason: 'forbidden' };
}

/**
 * The timestamps a move from `from` to `to` sets or clears. Closing a ticket that was not resolved first
 * (`PENDING_USER` → `CLOSED`) resolves it at the same instant: it counts as resolved then, in `resolvedAt` and in
 * the reports, as its SLA resolution target is decided then. A ticket closed as a merged duplicate is not resolved
 * by that (see `mergedTimestamps`).
 */
export function timestampsAfter(
  to: S,
  now: Date,
  from: S,
): { resolvedAt?: Date | null; closedAt?: Date | null } {
  switch (to) {
    case S.RESOLVED:
      return { resolvedAt: now, closedAt: null };
    case S.CLOSED:
      return from === S.RESOLVED ? { closedAt: now } : { resolvedAt: now, closedAt: now };
    case S.CANCELLED:
      return { closedAt: now };
    case S.IN_PROGRESS:
    case S.OPEN:
      return { resolvedAt: null, closedAt: null };
    default:
      return {};
  }
}

/**
 * A duplicate closed by merging it into the ticket that carries on: closed, not resolved (its request is resolved
 * with the target), so a duplicate that was never resolved keeps `resolvedAt` null, as a cancelled ticket does.
 */
export const mergedTimestamps = (now: Date): { closedAt: Date } => ({ closedAt: now });
