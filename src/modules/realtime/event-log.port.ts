import { StreamEvent } from './domain/stream-event';

/** The outbox table read as a stream: dispatched events in the order of their stream positions. */
export abstract class EventLog {
  /** The highest position handed out so far (0 when none). */
  abstract latestPosition(): Promise<number>;
  /** The position of a dispatched event; null when the id is unknown or the event was never numbered. */
  abstract positionOf(eventId: string): Promise<number | null>;
  /** Up to `limit` events after position `seq`, oldest first; with `since`, only those that occurred after it. */
  abstract after(seq: number, limit: number, since?: Date): Promise<StreamEvent[]>;
}
