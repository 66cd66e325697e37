import { TicketPriority, TicketStatus } from '../../tickets/domain/ticket-enums';
import { CalendarSpec, dueAt, Pause } from './business-calendar';
import { SlaTargets } from './sla-policy';

export type SlaTargetName = 'FIRST_RESPONSE' | 'RESOLUTION';

/** The clock runs only while someone on the staff side has to act. */
const RUNNING: readonly TicketStatus[] = [TicketStatus.OPEN, TicketStatus.IN_PROGRESS];
export const isRunning = (status: TicketStatus): boolean => RUNNING.includes(status);

/**
 * Whether a move decides the resolution target: RESOLVED does, and so does CLOSED straight from PENDING_USER (the
 * ticket counts as resolved when it is closed: tickets stamps `resolvedAt` then too). A duplicate closed by a merge
 * is not resolved by it: like a cancelled ticket its target stays undecided (a breach marked before still counts).
 * Closing a RESOLVED ticket changes nothing: its target was decided when it was resolved.
 */
export const decidesResolution = (to: TicketStatus, merged: boolean): boolean =>
  to === TicketStatus.RESOLVED || (to === TicketStatus.CLOSED && !merged);

export interface TargetState {
  dueAt: Date | null;
  breachedAt: Date | null;
  met: boolean | null;
}

/** Everything a ticket's due times are computed from, and what they are now. */
export interface ClockState {
  ticketId: string;
  status: TicketStatus;
  priority: TicketPriority;
  departmentId: string | null;
  serviceItemId: string | null;
  createdAt: Date;
  firstResponseAt: Date | null;
  targets: SlaTargets | null;
  firstResponse: TargetState;
  resolution: TargetState;
  /** the spans the clock stood still, stored as they happened */
  pauses: Pause[];
  /** the department's business calendar; null runs 24×7 */
  calendar: CalendarSpec | null;
}

const decided = (t: TargetState): boolean => t.met !== null || t.breachedAt !== null;

/**
 * The due times from the ticket's creation, its targets, its calendar and its stored pauses, so computing them again
 * (after a priority change or a calendar edit) gives what a fresh computation gives. A target already decided or
 * breached keeps the due time it had; a paused clock has none.
 */
export function dueTimes(state: ClockState): { firstResponseDueAt: Date | null; dueAt: Date | null } {
  const of = (minutes: number | null | undefined, current: TargetState): Date | null => {
    if (minutes === null || minutes === undefined) return null;
    if (decided(current)) return current.dueAt;
    return dueAt(state.calendar, state.createdAt, minutes, state.pauses);
  };
  return {
    firstResponseDueAt: of(state.targets?.firstResponseMinutes, state.firstResponse),
    dueAt: of(state.targets?.resolutionMinutes, state.resolution),
  };
}

/** Whether a target reached at `at` was late: breached already, or past a due time. */
export const lateAt = (target: TargetState, at: Date): boolean =>
  target.breachedAt !== null || (target.dueAt !== null && at.getTime() > target.dueAt.getTime());
