import { iso, isoString } from '../../common/time/iso';
import { SlaTargetState, Ticket } from './domain/ticket';
import { SlaTargetResponseDto, TicketResponseDto } from './ticket-response.dto';

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
  createdAt: isoString(t.createdAt),
  updatedAt: isoString(t.updatedAt),
  version: t.version,
  sla: t.sla && {
    firstResponse: toSlaTarget(t.sla.firstResponse),
    resolution: toSlaTarget(t.sla.resolution),
    paused: t.sla.paused,
  },
});
