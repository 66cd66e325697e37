/**
 * The live feed of dispatched outbox events: the relay publishes each batch once, right after it committed, on one
 * Redis pub/sub channel per deployment (pub/sub channels do not get ioredis' key prefix, so the prefix is added here).
 */
export const liveEventsChannel = (keyPrefix: string): string => `${keyPrefix}events:live`;

/** One event on the live feed. `seq` is its stream position (outbox_events.stream_seq), gap-free up to rollbacks. */
export interface LiveEventMessage {
  seq: number;
  id: string;
  type: string;
  aggregateId: string | null;
  actorId: string | null;
  /** absent for private events (a password reset's token never travels through pub/sub) */
  data?: Record<string, unknown>;
  occurredAt: string;
}

export interface LiveBatchMessage {
  events: LiveEventMessage[];
}
