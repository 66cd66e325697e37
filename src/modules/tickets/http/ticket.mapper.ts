import { HistoryEntry, SlaTargetState, Ticket, TicketMessage } from '../domain/ticket';
import {
  HistoryResponseDto,
  MessageResponseDto,
  SlaTargetResponseDto,
  TicketResponseDto,
} from './ticket.dto';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

const toSlaTarget = (s: SlaTargetState): SlaTargetResponseDto => ({
  dueAt: iso(s.dueAt),
  breachedAt: iso(s.breachedAt),
  met: s.met,
});

export const toTicketResponse = (t: Ticket): TicketResponseDto => ({
  id: t.id,
  pid: t.pid,
  title: t.title,
  description: t.description,
  status: t.status,
  priority: t.priority,
  requesterId: t.requesterId,
  departmentId: t.departmentId,
  teamId: t.teamId,
  assigneeId: t.assigneeId,
  serviceItemId: t.serviceItemId,
  categoryId: t.categoryId,
  tags: t.tags,
  visibility: t.visibility,
  customFields: t.customFields,
  dueAt: iso(t.dueAt),
  firstResponseAt: iso(t.firstResponseAt),
  resolvedAt: iso(t.resolvedAt),
  closedAt: iso(t.closedAt),
  mergedIntoId: t.mergedIntoId,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
  version: t.version,
  sla: t.sla && {
    firstResponse: toSlaTarget(t.sla.firstResponse),
    resolution: toSlaTarget(t.sla.resolution),
    paused: t.sla.paused,
  },
});

export const toMessageResponse = (m: TicketMessage): MessageResponseDto => ({
  id: m.id,
  ticketId: m.ticketId,
  authorId: m.authorId,
  body: m.body,
  internal: m.internal,
  createdAt: m.createdAt.toISOString(),
});

export const toHistoryResponse = (h: HistoryEntry): HistoryResponseDto => ({
  id: h.id,
  type: h.type,
  actorId: h.actorId,
  createdAt: h.createdAt.toISOString(),
  details: h.details,
});
