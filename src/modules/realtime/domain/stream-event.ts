/** An outbox event at its stream position, as streams replay and deliver it. */
export interface StreamEvent {
  seq: number;
  id: string;
  type: string;
  aggregateId: string | null;
  actorId: string | null;
  /** null for private events, which are never streamed */
  data: Record<string, unknown> | null;
  occurredAt: string;
}

/** The ticket an event is about: its snapshot's id, else the aggregate of a `ticket.*` event. */
export function ticketIdOf(event: Pick<StreamEvent, 'type' | 'aggregateId' | 'data'>): string | null {
  const ticket = event.data?.ticket as { id?: unknown } | undefined;
  if (ticket && typeof ticket === 'object' && typeof ticket.id === 'string') return ticket.id;
  return event.type.startsWith('ticket.') ? event.aggregateId : null;
}
