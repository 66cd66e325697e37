import { Page } from '../../common/pagination/page';
import { HistoryEntry } from './domain/ticket';

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
