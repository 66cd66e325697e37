import { InternalNotesScope } from './domain/ticket-access';
import { AccessScope } from '../../common/auth/scope-policy';
import { Page } from '../../common/pagination/page';
import { Ticket } from './domain/ticket';
import { TicketStatus } from './domain/ticket-enums';
import { TicketQuery, TicketSort } from './domain/ticket-query';

/** `GET /tickets`'s filters (`assigneeId` already resolved: a user id or `none`), and the notes search may match. */
export interface TicketFilter extends Omit<TicketQuery, 'sort'> {
  /**
   * which internal notes full-text search may match: all (admins), none (end users), or those of tickets the
   * viewer works, i.e. of their department or assigned to them
   */
  internalNotesOf: InternalNotesScope;
}

export type TicketPaging =
  { page: number; limit: number; cursor?: undefined } | { cursor: string; limit: number };

/** A ticket to file; its PID is taken from the month's sequence as it is inserted. */
export type NewTicket = Pick<
  Ticket,
  | 'title'
  | 'description'
  | 'status'
  | 'priority'
  | 'requesterId'
  | 'departmentId'
  | 'serviceItemId'
  | 'categoryId'
  | 'tags'
  | 'visibility'
  | 'customFields'
  | 'dueAt'
>;

export type TicketChanges = Partial<
  Pick<
    Ticket,
    | 'title'
    | 'description'
    | 'status'
    | 'priority'
    | 'tags'
    | 'categoryId'
    | 'teamId'
    | 'assigneeId'
    | 'visibility'
    | 'customFields'
    | 'dueAt'
    | 'firstResponseAt'
    | 'resolvedAt'
    | 'closedAt'
    | 'mergedIntoId'
  >
>;

export type TicketRef = { id: string } | { pid: string };

/** What is written with a new ticket, in the same statement: its CREATED history entry and its idempotency key. */
export interface TicketFiling {
  /** the month whose sequence numbers the ticket (`YYYYMM`, see pidPeriod) */
  period: string;
  /** the CREATED history entry's actor and details */
  created: { actorId: string; details: Record<string, unknown> };
  /** an Idempotency-Key claimed earlier in this transaction, completed with the new ticket's id */
  idempotencyKey?: { userId: string; key: string };
}

/** Every read takes the caller's scope, so a query that forgets it does not compile. */
export abstract class TicketRepository {
  /**
   * Inserts the ticket numbered by the month's PID sequence, with its CREATED history entry and its idempotency key,
   * in one statement in the caller's transaction. The number is unique whatever happens; a transaction that rolls
   * back after this leaves its number unused. Null, with nothing written and no number taken, when the ticket's
   * department is not an active department.
   */
  abstract file(ticket: NewTicket, filing: TicketFiling): Promise<Ticket | null>;
  /** Takes the month's next PID without filing a ticket under it; null (and no number taken) for a department
   * that is not an active one. */
  abstract takePid(period: string, departmentId: string | null): Promise<string | null>;
  /**
   * The ticket when in `scope`, as a caller of that scope reads it: `mergedIntoId` is null unless the ticket it was
   * merged into is in `scope` too (as the links list and the history name that ticket); with SYSTEM_ACCESS, as stored.
   */
  abstract findVisible(scope: AccessScope, ref: TicketRef): Promise<Ticket | null>;
  /**
   * A ticket read or written without the caller's scope, as a caller of `scope` reads it (see findVisible): for an
   * answer built from such a row. No query unless the ticket was merged.
   */
  abstract seenBy(scope: AccessScope, ticket: Ticket): Promise<Ticket>;
  /** Like findVisible, and locks the row for the rest of the transaction. */
  abstract lockVisible(scope: AccessScope, id: string): Promise<Ticket | null>;
  /** Applies changes and bumps the version; with expectedVersion, only if it still matches (else null). */
  abstract update(id: string, changes: TicketChanges, expectedVersion?: number): Promise<Ticket | null>;
  abstract list(
    scope: AccessScope,
    filter: TicketFilter,
    sort: TicketSort,
    paging: TicketPaging,
  ): Promise<Page<Ticket>>;
  abstract countByStatus(scope: AccessScope, departmentId?: string): Promise<Record<TicketStatus, number>>;
}
