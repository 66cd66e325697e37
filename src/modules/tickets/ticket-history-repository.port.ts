import { AccessScope } from '../../common/auth/scope-policy';
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
  /** oldest first; an entry naming another ticket outside the scope has that reference nulled */
  abstract list(
    scope: AccessScope,
    ticketId: string,
    includeInternal: boolean,
    page: number,
    limit: number,
  ): Promise<Page<HistoryEntry>>;
}
