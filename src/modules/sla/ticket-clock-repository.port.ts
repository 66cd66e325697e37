import { ClockState } from './domain/ticket-clock';
import { SlaTargets } from './domain/sla-policy';

export interface ClockChanges {
  targets?: SlaTargets | null;
  firstResponseDueAt?: Date | null;
  dueAt?: Date | null;
  firstResponseMet?: boolean | null;
  resolutionMet?: boolean | null;
}

/**
 * A ticket's SLA clock, stored with the ticket: targets, due times, outcomes and pauses. Writes do not bump the
 * ticket's version (they follow from changes that did, or from the passing of time).
 */
export abstract class TicketClockRepository {
  /** with `lock`, the ticket row stays locked to the end of the transaction */
  abstract load(ticketId: string, lock?: boolean): Promise<ClockState | null>;
  /** starts a pause unless one is open */
  abstract openPause(ticketId: string, at: Date): Promise<void>;
  abstract closePause(ticketId: string, at: Date): Promise<void>;
  abstract save(ticketId: string, changes: ClockChanges): Promise<void>;
  /** tickets with a running or paused SLA in departments that use the calendar, after `afterId`, by id */
  abstract openTicketsOfCalendar(
    calendarId: string,
    afterId: string | null,
    limit: number,
  ): Promise<string[]>;
  /** tickets with a running or paused SLA in the department, after `afterId`, by id */
  abstract openTicketsOfDepartment(
    departmentId: string,
    afterId: string | null,
    limit: number,
  ): Promise<string[]>;
}
