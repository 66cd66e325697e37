import { TicketSnapshot } from '../../../common/events/ticket-snapshot';
import { TicketPriority, TicketStatus, TicketVisibility } from './ticket-enums';

export interface Ticket {
  id: string;
  pid: string;
  title: string;
  description: string;
  status: TicketStatus;
  priority: TicketPriority;
  requesterId: string;
  departmentId: string | null;
  teamId: string | null;
  assigneeId: string | null;
  serviceItemId: string | null;
  categoryId: string | null;
  tags: string[];
  visibility: TicketVisibility;
  customFields: Record<string, unknown>;
  /** the resolution's due time (see `sla`) */
  dueAt: Date | null;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  /** set when the ticket was merged into another (it is then CLOSED, its messages shown on that one) */
  mergedIntoId: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  /** the service-level clock, null when no SLA policy applies */
  sla: TicketSla | null;
}

/** One target of a ticket's SLA: when it falls due, when it was breached, and whether it was met. */
export interface SlaTargetState {
  /** null while the clock is paused (and not yet breached or decided) or without this target */
  dueAt: Date | null;
  breachedAt: Date | null;
  /** true/false once decided (first public staff reply; resolution), false once breached, null while running */
  met: boolean | null;
}

export interface TicketSla {
  firstResponse: SlaTargetState;
  resolution: SlaTargetState;
  /** the clock stands still while the ticket is PENDING_USER or PENDING_APPROVAL */
  paused: boolean;
}

export interface TicketMessage {
  id: string;
  ticketId: string;
  authorId: string | null;
  body: string;
  internal: boolean;
  createdAt: Date;
}

export interface HistoryEntry {
  id: string;
  ticketId: string;
  type: string;
  actorId: string | null;
  details: Record<string, unknown>;
  internal: boolean;
  createdAt: Date;
}

export interface Attachment {
  id: string;
  ticketId: string;
  messageId: string | null;
  uploaderId: string | null;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  createdAt: Date;
}

/** The most tags a ticket carries. */
export const MAX_TICKET_TAGS = 20;

/** Tags are trimmed, lower-cased and de-duplicated, so filtering by tag is exact. */
export const normaliseTags = (tags: readonly string[]): string[] =>
  [...new Set(tags.map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0))].sort();

/** The fields every ticket event carries (never message bodies). */
export const ticketSnapshot = (t: Ticket): TicketSnapshot => ({
  id: t.id,
  pid: t.pid,
  title: t.title,
  status: t.status,
  priority: t.priority,
  requesterId: t.requesterId,
  assigneeId: t.assigneeId,
  departmentId: t.departmentId,
  teamId: t.teamId,
  visibility: t.visibility,
});
