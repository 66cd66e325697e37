import { TicketSnapshot } from '../../common/events/ticket-snapshot';
import { SlaTargetName } from './domain/ticket-clock';

/** The ticket an SLA breach was marked on, as events describe it. */
export interface BreachedTicket {
  ticket: TicketSnapshot;
  target: SlaTargetName;
  dueAt: Date;
  breachedAt: Date;
}

/** A ticket's SLA target that is past its due time. */
export interface OverdueTarget {
  ticketId: string;
  target: SlaTargetName;
}

/** Breaches, each recorded once per ticket and target: the primary key of the breach row decides, not a check. */
export abstract class BreachRepository {
  /**
   * Overdue running targets not yet marked, soonest first: up to `limit` of each target, leaving out those in `skip`
   * (what the sweep failed to mark earlier in its run).
   */
  abstract overdue(limit: number, skip?: readonly OverdueTarget[]): Promise<OverdueTarget[]>;
  /**
   * Marks the target breached if it is still overdue and unmarked (the sweep), or unconditionally at its due time
   * (`late`, when a target is reached after it); null when another worker or an earlier call marked it already.
   */
  abstract mark(
    ticketId: string,
    target: SlaTargetName,
    late?: { dueAt: Date },
  ): Promise<BreachedTicket | null>;
}
