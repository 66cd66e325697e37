import { Ticket } from './domain/ticket';
import { TicketStatus } from './domain/ticket-enums';

/**
 * Status moves that another module's rules make on a ticket (an approval chain opening or cancelling it), so those
 * modules never reach into the tickets service. Call both inside `UnitOfWork.run`: they join the caller's
 * transaction. Lock the ticket before your own rows, as the lifecycle observers see it (ticket first), so a
 * requester's cancel and a decision never wait on each other in opposite orders.
 */
export abstract class TicketWorkflow {
  /** The ticket, locked for the rest of the transaction, whoever may see it; null when there is none. */
  abstract lock(ticketId: string): Promise<Ticket | null>;
  /**
   * Moves a locked ticket as the SYSTEM, exactly as the lifecycle does by hand: the transition table,
   * STATUS_CHANGED history (no actor), the observers, the `ticket.status_changed` event and its reactions
   * (auto-assignment when it opens). Returns the ticket as it then stands.
   */
  abstract moveAsSystem(ticket: Ticket, to: TicketStatus, reason: string): Promise<Ticket>;
}
