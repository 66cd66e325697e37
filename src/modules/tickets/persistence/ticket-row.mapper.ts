import { Attachment, HistoryEntry, Ticket, TicketMessage } from '../domain/ticket';
import { TicketStatus } from '../domain/ticket-enums';
import { RowOf } from '../../../infrastructure/database/sql-table';
import { TicketSla } from '../domain/ticket';

/** A `tickets` row: the ticket's own fields, then the SLA clock's columns (`sla` is built from them). */
export type TicketRow = RowOf<Omit<Ticket, 'sla'>> & {
  priority_rank?: number;
  sla_first_response_minutes: number | null;
  sla_resolution_minutes: number | null;
  first_response_due_at: Date | null;
  first_response_breached_at: Date | null;
  first_response_met: boolean | null;
  resolution_breached_at: Date | null;
  resolution_met: boolean | null;
};

export const TICKET_COLUMNS = `t.id, t.pid, t.title, t.description, t.status, t.priority, t.requester_id,
  t.department_id, t.team_id, t.assignee_id, t.service_item_id, t.category_id, t.tags, t.visibility,
  t.custom_fields, t.due_at, t.first_response_at, t.resolved_at, t.closed_at, t.created_at, t.updated_at,
  t.version, t.priority_rank, t.merged_into_id, t.sla_first_response_minutes, t.sla_resolution_minutes, t.first_response_due_at,
  t.first_response_breached_at, t.first_response_met, t.resolution_breached_at, t.resolution_met`;

const PAUSED: readonly TicketStatus[] = [TicketStatus.PENDING_USER, TicketStatus.PENDING_APPROVAL];

/** The SLA block: null without targets; a breached target counts as not met even before it is decided. */
function slaOf(r: TicketRow): TicketSla | null {
  if ((r.sla_first_response_minutes ?? null) === null && (r.sla_resolution_minutes ?? null) === null)
    return null;
  return {
    firstResponse: {
      dueAt: r.first_response_due_at,
      breachedAt: r.first_response_breached_at,
      met: r.first_response_met ?? (r.first_response_breached_at ? false : null),
    },
    resolution: {
      dueAt: r.due_at,
      breachedAt: r.resolution_breached_at,
      met: r.resolution_met ?? (r.resolution_breached_at ? false : null),
    },
    paused: PAUSED.includes(r.status),
  };
}

export const toTicket = (r: TicketRow): Ticket => ({
  id: r.id,
  pid: r.pid,
  title: r.title,
  description: r.description,
  status: r.status,
  priority: r.priority,
  requesterId: r.requester_id,
  departmentId: r.department_id,
  teamId: r.team_id,
  assigneeId: r.assignee_id,
  serviceItemId: r.service_item_id,
  categoryId: r.category_id,
  tags: r.tags ?? [],
  visibility: r.visibility,
  customFields: r.custom_fields ?? {},
  dueAt: r.due_at,
  firstResponseAt: r.first_response_at,
  resolvedAt: r.resolved_at,
  closedAt: r.closed_at,
  mergedIntoId: r.merged_into_id ?? null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
  sla: slaOf(r),
});

export interface MessageRow {
  id: string;
  ticket_id: string;
  author_id: string | null;
  body: string;
  internal: boolean;
  created_at: Date;
}

export const toMessage = (r: MessageRow): TicketMessage => ({
  id: r.id,
  ticketId: r.ticket_id,
  authorId: r.author_id,
  body: r.body,
  internal: r.internal,
  createdAt: r.created_at,
});

export interface HistoryRow {
  id: string;
  ticket_id: string;
  type: string;
  actor_id: string | null;
  details: Record<string, unknown>;
  internal: boolean;
  created_at: Date;
}

export const toHistory = (r: HistoryRow): HistoryEntry => ({
  id: r.id,
  ticketId: r.ticket_id,
  type: r.type,
  actorId: r.actor_id,
  details: r.details ?? {},
  internal: r.internal,
  createdAt: r.created_at,
});

export interface AttachmentRow {
  id: string;
  ticket_id: string;
  message_id: string | null;
  uploader_id: string | null;
  filename: string;
  content_type: string;
  size_bytes: string | number;
  sha256: string;
  storage_key: string;
  created_at: Date;
}

export const toAttachment = (r: AttachmentRow): Attachment => ({
  id: r.id,
  ticketId: r.ticket_id,
  messageId: r.message_id,
  uploaderId: r.uploader_id,
  filename: r.filename,
  contentType: r.content_type,
  sizeBytes: Number(r.size_bytes),
  sha256: r.sha256,
  storageKey: r.storage_key,
  createdAt: r.created_at,
});
