import { TicketPriority } from '../tickets/domain/ticket-enums';
import { CalendarSpec } from './domain/business-calendar';
import { ClockState } from './domain/ticket-clock';
import { SlaPolicy, SlaTargets } from './domain/sla-policy';

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
  /**
   * What a new ticket's clock starts from, in one read: the department's and the global policy for the priority and,
   * beside each, the department's business calendar (null: 24×7). No policy, no rows.
   */
  abstract openingPolicies(
    priority: TicketPriority,
    departmentId: string | null,
  ): Promise<{ policies: SlaPolicy[]; calendar: CalendarSpec | null }>;
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
