/**
 * A stored event as it travels between processes (the outbox relay's queue, the consumers that read it): its data
 * untyped and its time an ISO string, as JSON carries them.
 */
export interface EventMessage {
  id: string;
  type: string;
  aggregateId: string | null;
  actorId: string | null;
  data: Record<string, unknown>;
  occurredAt: string;
}
