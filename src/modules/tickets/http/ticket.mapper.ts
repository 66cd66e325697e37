import { HistoryEntry, TicketMessage } from '../domain/ticket';
import { HistoryResponseDto, MessageResponseDto } from './ticket-timeline.dto';

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
