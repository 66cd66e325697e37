import { ScopedFacts } from '../../common/auth/scope-policy';
import { TicketFacts } from './domain/ticket-access';

/** What the scope policy and the work rule need to know about one ticket, as it stands now. */
export interface TicketAccessFacts extends ScopedFacts, TicketFacts {
  id: string;
}

/**
 * Access facts of many tickets in one go, for consumers that decide visibility outside a query (real-time streams):
 * `canRead(scopeOf(viewer), facts)` then decides exactly as `GET /tickets/:id` does, and `canWork` as the messages
 * list does for internal notes.
 */
export abstract class TicketAccess {
  /** The tickets that exist among `ticketIds`, with their grant holders as `otherPartyIds`. */
  abstract factsOf(ticketIds: readonly string[]): Promise<Map<string, TicketAccessFacts>>;
}
