import { TicketSnapshot } from '../../common/events/ticket-snapshot';
import { SlaTargetName } from './domain/ticket-clock';

/** The ticket an SLA breach was marked on, as events describe it. */
export interface BreachedTicket {
  ticket: TicketSnapshot;
  target: SlaTargetName;
  dueAt: Date;
  breachedAt: Date;
}

/** Breaches, each recorded once per ticket and target: the primary key of the breach row decides, not a check. */
export abstract class BreachRepository {
  /** overdue running targets not yet marked, soonest first */
  abstract overdue(limit: number): Promise<Array<{ ticketId: string; target: SlaTargetName }>>;
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
