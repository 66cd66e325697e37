import { HistoryType, TERMINAL_STATUSES, TicketStatus } from '../../tickets/domain/ticket-enums';

/** How an assignee was chosen; recorded in history, events and the `ticket_assignments_total` metric. */
export enum AssignmentStrategy {
  /** a named person */
  MANUAL = 'MANUAL',
  /** the caller themselves (`"me"` or their own id) */
  SELF = 'SELF',
  /** a team of the ticket's department, nobody in it yet */
  TEAM = 'TEAM',
  ROUND_ROBIN = 'ROUND_ROBIN',
}

/** Why round robin left a ticket without an assignee. */
export const NO_ELIGIBLE_AGENT = 'no eligible agent';

export interface AssignmentState {
  assigneeId: string | null;
  teamId: string | null;
}

export interface AssignmentTarget {
  assigneeId: string | null;
  /** only when the team changes (team assignment) */
  teamId?: string;
}

export interface AssignmentMeta {
  strategy: AssignmentStrategy;
  /** set for automatic round robin (auto-assign departments) */
  auto?: boolean;
  /** the rotation was unavailable and the least-loaded agent was taken instead */
  fallback?: 'LEAST_OPEN_TICKETS';
  /** why the ticket stays unassigned (round robin found nobody) */
  reason?: string;
}

export interface AssignmentPlan {
  /** the ticket columns to update; empty when nothing changes */
  changes: Partial<AssignmentState>;
  /** the history row to write, or null for a no-op */
  history: {
    type: typeof HistoryType.ASSIGNED | typeof HistoryType.UNASSIGNED;
    details: Record<string, unknown>;
  } | null;
}

export const isTerminal = (status: TicketStatus): boolean => TERMINAL_STATUSES.includes(status);

/**
 * What assigning `target` to a ticket in `current` changes, and the history row that records it:
 * - the same assignee (and team) again: nothing at all;
 * - a new person: ASSIGNED;
 * - a team: its team_id set and any assignee cleared — UNASSIGNED when someone loses the ticket, else ASSIGNED;
 * - nobody (round robin found no eligible agent): the ticket ends up unassigned and an UNASSIGNED row says why,
 *   even when it was unassigned already.
 */
export function planAssignment(
  current: AssignmentState,
  target: AssignmentTarget,
  meta: AssignmentMeta,
): AssignmentPlan {
  const changes: Partial<AssignmentState> = {};
  if (target.assigneeId !== current.assigneeId) changes.assigneeId = target.assigneeId;
  if (target.teamId !== undefined && target.teamId !== current.teamId) changes.teamId = target.teamId;
  const changed = Object.keys(changes).length > 0;
  if (!changed && !meta.reason) return { changes, history: null };

  const details: Record<string, unknown> = {
    previousAssigneeId: current.assigneeId,
    assigneeId: target.assigneeId,
    strategy: meta.strategy,
  };
  if (target.teamId !== undefined) {
    details.teamId = target.teamId;
    details.previousTeamId = current.teamId;
  }
  if (meta.auto) details.auto = true;
  if (meta.fallback) details.fallback = meta.fallback;
  if (meta.reason) details.reason = meta.reason;
  const type =
    target.assigneeId === null && (current.assigneeId !== null || meta.reason)
      ? HistoryType.UNASSIGNED
      : HistoryType.ASSIGNED;
  return { changes, history: { type, details } };
}
