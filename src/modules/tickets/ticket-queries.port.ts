import { Actor } from '../../common/auth/actor';
import { Page, PageRequest } from '../../common/pagination/page';
import { HistoryEntry, Ticket, TicketMessage } from './domain/ticket';
import { TicketStatus } from './domain/ticket-enums';
import { TicketQuery } from './domain/ticket-query';
import { TicketPaging } from './ticket-repository.port';

export interface ListTicketsQuery extends TicketQuery {
  /** a saved view whose filters apply, under the caller's own scope; parameters given as well win over its own */
  viewId?: string;
}

/** Reading tickets, always within the actor's scope: out-of-scope tickets are 404, as if they did not exist. */
export abstract class TicketQueries {
  /** One ticket by id or PID. */
  abstract get(actor: Actor, idOrPid: string): Promise<Ticket>;
  abstract list(actor: Actor, query: ListTicketsQuery, paging: TicketPaging): Promise<Page<Ticket>>;
  /** Counts by status (see the service for whose). */
  abstract summary(actor: Actor, departmentId?: string): Promise<Record<TicketStatus, number>>;
  /** Messages of a ticket; internal notes only for those who work it. */
  abstract messagesOf(actor: Actor, ticketId: string, page: PageRequest): Promise<Page<TicketMessage>>;
  /** History of a ticket; internal entries only for those who work it. */
  abstract historyOf(actor: Actor, ticketId: string, page: PageRequest): Promise<Page<HistoryEntry>>;
}
