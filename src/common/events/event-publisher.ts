import { DomainEvent, EventType, StoredEvent } from './domain-event';

/**
 * Publishes a domain event inside the caller's transaction: the event row (transactional outbox) commits or rolls
 * back with the change, and in-process reactions (auto-assignment, …) run in the same transaction.
 */
export abstract class EventPublisher {
  abstract publish<K extends EventType>(event: DomainEvent<K>): Promise<StoredEvent<K>>;

  /**
   * The event's outbox row, for a repository to write in the same statement as the change it tells of (see
   * `outboxInsert`), or null when it has to go through `publish`: in-process reactions listen to its type (they run
   * in the caller's transaction), or this publisher cannot stage rows.
   */
  stage<K extends EventType>(event: DomainEvent<K>): StagedEvent | null {
    void event;
    return null;
  }
}

/** An event's outbox row, ready to be written by the statement that makes its change. */
export interface StagedEvent {
  readonly type: EventType;
  readonly aggregateId: string | null;
  /** the stored payload as JSON: `{ actorId, data }` */
  readonly payload: string;
  readonly traceContext: string | null;
}

export type EventReaction<K extends EventType = EventType> = (event: StoredEvent<K>) => Promise<void>;

/** Where reacting modules register what they do when an event is published (synchronously, in its transaction). */
export abstract class EventReactions {
  abstract on<K extends EventType>(type: K, reaction: EventReaction<K>): void;
}
