import { Transaction } from '../../common/unit-of-work';
import { Ticket, TicketMessage } from './domain/ticket';
import { TicketPriority, TicketStatus } from './domain/ticket-enums';

/**
 * What a module does when a ticket changes, inside the ticket's own transaction (approvals open their first step as
 * the ticket is created; SLA computes and pauses due times). `tx` is the transaction the tickets repositories write
 * in: repositories join it by themselves, adapters may resolve it explicitly. A thrown error rolls the whole change
 * back. Each hook runs after the change and its history row are written and before its outbox event is published,
 * with the ticket as the change left it. Every hook is optional.
 */
export interface TicketLifecycleObserver {
  onCreated?(tx: Transaction, ticket: Ticket): Promise<void>;
  /** `actorId` is the user who moved it, or null when the system did (approval chains, jobs) */
  onStatusChanged?(
    tx: Transaction,
    ticket: Ticket,
    from: TicketStatus,
    to: TicketStatus,
    actorId: string | null,
  ): Promise<void>;
  onPriorityChanged?(
    tx: Transaction,
    ticket: Ticket,
    from: TicketPriority,
    to: TicketPriority,
  ): Promise<void>;
  /**
   * replies and internal notes alike (`message.internal` tells them apart). Observing every message makes each one a
   * transaction of its own: a reply that changes nothing else is otherwise written in one statement.
   */
  onMessageAdded?(tx: Transaction, ticket: Ticket, message: TicketMessage): Promise<void>;
  /** the first public staff reply: `ticket.firstResponseAt` is the message's time (called after onMessageAdded) */
  onFirstResponse?(tx: Transaction, ticket: Ticket, message: TicketMessage): Promise<void>;
}

/**
 * Where modules that react to tickets register their observer, in `onModuleInit`. Tickets calls every registered
 * observer, in registration order, and never imports the modules behind them.
 */
export abstract class TicketLifecycle {
  abstract register(observer: TicketLifecycleObserver): void;
}
