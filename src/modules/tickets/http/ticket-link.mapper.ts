import { TicketLinkView } from '../ticket-links.port';
import { TicketLinkResponseDto } from './ticket-link.dto';

export const toLinkResponse = (l: TicketLinkView): TicketLinkResponseDto => ({
  id: l.id,
  type: l.type,
  sourceTicketId: l.sourceTicketId,
  targetTicketId: l.targetTicketId,
  direction: l.direction,
  ticket: { id: l.ticket.id, pid: l.ticket.pid, title: l.ticket.title, status: l.ticket.status },
  createdBy: l.createdBy,
  createdAt: l.createdAt.toISOString(),
});
