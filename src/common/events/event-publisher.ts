import { DomainEvent, EventType, StoredEvent } from './domain-event';

/**
 * Publishes a domain event inside the caller's transaction: the event row (transactional outbox) commits or rolls
 * back with the change, and in-process reactions (auto-assignment, …) run in the same transaction.
 */
export abstract class EventPublisher {
  abstract publish(event: DomainEvent): Promise<StoredEvent>;
}

export type EventReaction = (event: StoredEvent) => Promise<void>;

/** Where reacting modules register what they do when an event is published (synchronously, in its transaction). */
export abstract class EventReactions {
  abstract on(type: EventType, reaction: EventReaction): void;
}
