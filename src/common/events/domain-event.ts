import { EventPayloads } from './event-payloads';
import { EventType } from './event-type';

export { EventType } from './event-type';

/**
 * An event to publish: one member per type, its `data` the type's payload in EventPayloads, so a producer that
 * leaves out or misnames a field does not compile.
 */
export type DomainEvent<K extends EventType = EventType> = {
  [P in K]: {
    type: P;
    /** the resource the event is about (a ticket id for ticket events) */
    aggregateId: string | null;
    actorId: string | null;
    data: EventPayloads[P];
  };
}[K];

/** An event as stored: with its stable id (consumers use it to stay idempotent) and its time. */
export type StoredEvent<K extends EventType = EventType> = DomainEvent<K> & { id: string; occurredAt: Date };
