import { AccessScope } from '../../common/auth/scope-policy';
import { Page } from '../../common/pagination/page';
import { Attachment, HistoryEntry, Ticket, TicketMessage } from './domain/ticket';
import { TicketPriority, TicketStatus, TicketVisibility } from './domain/ticket-enums';
import { TicketSort } from './domain/ticket-query';

export { TICKET_SORTS, TicketSort } from './domain/ticket-query';

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
  internalNotesOf: 'all' | 'none' | { userId: string; departmentId: string | null };
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

export interface NewMessage {
  ticketId: string;
  authorId: string | null;
  body: string;
  internal: boolean;
  source?: string;
  externalMessageId?: string | null;
}

export abstract class TicketMessageRepository {
  abstract add(message: NewMessage): Promise<TicketMessage>;
  abstract findInTicket(
    ticketId: string,
    messageId: string,
    includeInternal: boolean,
  ): Promise<TicketMessage | null>;
  /** oldest first: the ticket's messages and those of tickets merged into it */
  abstract list(
    ticketId: string,
    includeInternal: boolean,
    page: number,
    limit: number,
  ): Promise<Page<TicketMessage>>;
  abstract hasPublicStaffReply(ticketId: string): Promise<boolean>;
}

export interface NewHistoryEntry {
  ticketId: string;
  type: string;
  actorId: string | null;
  details: Record<string, unknown>;
  /** hidden from END_USERs */
  internal?: boolean;
}

export abstract class TicketHistoryRepository {
  abstract append(entry: NewHistoryEntry): Promise<void>;
  abstract list(
    ticketId: string,
    includeInternal: boolean,
    page: number,
    limit: number,
  ): Promise<Page<HistoryEntry>>;
}

export abstract class AccessGrantRepository {
  /** true when the grant is new; `grantedBy` null when the system grants (an approver made party to the ticket) */
  abstract grant(
    ticketId: string,
    userId: string,
    grantedBy: string | null,
    reason?: string,
  ): Promise<boolean>;
}

export type IdempotencyClaim =
  { state: 'new' } | { state: 'replay'; ticketId: string } | { state: 'mismatch' };

export abstract class IdempotencyRepository {
  /**
   * Claims `key` for this user and request (in the caller's transaction). A concurrent claim of the same key waits
   * for the first transaction and then sees its outcome. Keys older than 24 h are free again.
   */
  abstract claim(userId: string, key: string, requestHash: string): Promise<IdempotencyClaim>;
  abstract complete(userId: string, key: string, ticketId: string): Promise<void>;
}

export interface NewAttachment {
  ticketId: string;
  messageId: string | null;
  uploaderId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
}

export abstract class AttachmentRepository {
  abstract add(attachment: NewAttachment): Promise<Attachment>;
  /** Attachments of a ticket and of tickets merged into it; those on internal notes only when includeInternal. */
  abstract listForTicket(ticketId: string, includeInternal: boolean): Promise<Attachment[]>;
  abstract findById(id: string): Promise<(Attachment & { internal: boolean }) | null>;
}
