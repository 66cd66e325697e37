import { DomainEvent, EventType, StoredEvent } from './domain-event';

/**
 * Publishes a domain event inside the caller's transaction: the event row (transactional outbox) commits or rolls
 * back with the change, and in-process reactions (auto-assignment, …) run in the same transaction.
 */
export abstract class EventPublisher {
  abstract publish<K extends EventType>(event: DomainEvent<K>): Promise<StoredEvent<K>>;
}

export type EventReaction<K extends EventType = EventType> = (event: StoredEvent<K>) => Promise<void>;

/** Where reacting modules register what they do when an event is published (synchronously, in its transaction). */
export abstract class EventReactions {
  abstract on<K extends EventType>(type: K, reaction: EventReaction<K>): void;
}
