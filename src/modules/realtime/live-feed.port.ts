import { StreamEvent } from './domain/stream-event';

/** The relay's live announcements of dispatched events (at most once each: gaps are read from the EventLog). */
export abstract class LiveFeed {
  abstract start(onEvents: (events: StreamEvent[]) => void): void;
  abstract stop(): Promise<void>;
}
