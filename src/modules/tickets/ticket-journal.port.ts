import { Actor } from '../../common/auth/actor';
import { Ticket, TicketMessage } from './domain/ticket';
import { TicketStatus } from './domain/ticket-enums';
import { TransitionActor } from './domain/ticket-transitions';

/**
 * The ticket's journal: the primitives every change to a ticket goes through inside the caller's transaction (call
 * them within `UnitOfWork.run`). Each writes the change with its history row, its lifecycle observers and its event,
 * so a module that changes a ticket (commands, merge, macros, assignment, approvals) cannot forget one of them.
 */
export abstract class TicketJournal {
  /** Loads and locks a ticket within the actor's scope for the rest of the transaction, or 404. */
  abstract lock(actor: Actor, ticketId: string): Promise<Ticket>;
  /**
   * Moves a locked ticket to `to` as `actors` (the transition table decides), with STATUS_CHANGED history, the
   * observers and `ticket.status_changed`. `actorId` null: the system. Returns the ticket as it then stands.
   */
  abstract move(
    ticket: Ticket,
    to: TicketStatus,
    actors: readonly TransitionActor[],
    actorId: string | null,
    reason?: string,
  ): Promise<Ticket>;
  /**
   * Closes a locked ticket merged into `target`: the one move to CLOSED outside the transition table (from any
   * status that is not final; the caller checks that). Written like any move.
   */
  abstract closeMerged(ticket: Ticket, target: Pick<Ticket, 'id' | 'pid'>, actorId: string): Promise<Ticket>;
  /** History, first response, observers, the message event and the requester's automatic moves for a new message. */
  abstract recordMessage(ticket: Ticket, message: TicketMessage, author: Actor): Promise<void>;
  /** The ticket as this transaction now sees it (after observers and event reactions changed it). */
  abstract reread(ticketId: string): Promise<Ticket>;
}
