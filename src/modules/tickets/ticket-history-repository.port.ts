import { HistoryEntry } from './domain/ticket';
import { TicketTimeline } from './ticket-timeline.port';

export interface NewHistoryEntry {
  ticketId: string;
  type: string;
  actorId: string | null;
  details: Record<string, unknown>;
  /** hidden from END_USERs */
  internal?: boolean;
}

/** A ticket's history; in `list`, an entry naming another ticket outside the scope has that reference nulled. */
export abstract class TicketHistoryRepository extends TicketTimeline<HistoryEntry> {
  abstract append(entry: NewHistoryEntry): Promise<void>;
}
