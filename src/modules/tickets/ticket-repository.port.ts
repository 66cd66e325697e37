import { InternalNotesScope } from './domain/ticket-access';
import { AccessScope } from '../../common/auth/scope-policy';
import { Page } from '../../common/pagination/page';
import { Ticket } from './domain/ticket';
import { TicketPriority, TicketStatus, TicketVisibility } from './domain/ticket-enums';
import { TicketSort } from './domain/ticket-query';

export interface TicketFilter {
  statuses?: TicketStatus[];
  priorities?: TicketPriority[];
  departmentId?: string;
  teamId?: string;
  /** a user id, or the literal `none` for unassigned */
  assigneeId?: string;
  requesterId?: string;
  serviceItemId?: string;
  categoryId?: string;
  tag?: string;
  createdFrom?: Date;
  createdTo?: Date;
  dueBefore?: Date;
  breached?: boolean;
  q?: string;
  /**
   * which internal notes full-text search may match: all (admins), none (end users), or those of tickets the
   * viewer works, i.e. of their department or assigned to them
   */
  internalNotesOf: InternalNotesScope;
}

export type TicketPaging =
  { page: number; limit: number; cursor?: undefined } | { cursor: string; limit: number };

export interface NewTicket {
  pid: string;
  title: string;
  description: string;
  status: TicketStatus;
  priority: TicketPriority;
  requesterId: string;
  departmentId: string | null;
  serviceItemId: string | null;
  categoryId: string | null;
  tags: string[];
  visibility: TicketVisibility;
  customFields: Record<string, unknown>;
  dueAt: Date | null;
}

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

/** Every read takes the caller's scope, so a query that forgets it does not compile. */
export abstract class TicketRepository {
  /** The next number of the month's PID counter (atomic, in the caller's transaction). */
  abstract nextSequence(period: string): Promise<number>;
  abstract insert(ticket: NewTicket): Promise<Ticket>;
  abstract findVisible(scope: AccessScope, ref: TicketRef): Promise<Ticket | null>;
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
