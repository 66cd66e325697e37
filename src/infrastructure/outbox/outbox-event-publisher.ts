import { Injectable } from '@nestjs/common';
import { DomainEvent, EventType, StoredEvent } from '../../common/events/domain-event';
import { EventPublisher, EventReaction, EventReactions } from '../../common/events/event-publisher';
import { MeasuredRepository } from '../database/measured-repository';
import { queryRows } from '../database/sql';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import { currentTraceCarrier } from '../tracing/trace-context';

const traceContextJson = (): string | null => {
  const carrier = currentTraceCarrier();
  return carrier ? JSON.stringify(carrier) : null;
};

@Injectable()
export class InProcessEventReactions extends EventReactions {
  private readonly reactions = new Map<EventType, EventReaction[]>();

  on<K extends EventType>(type: K, reaction: EventReaction<K>): void {
    // stored by type, so each reaction is only ever called with events of its K
    this.reactions.set(type, [...(this.reactions.get(type) ?? []), reaction as unknown as EventReaction]);
  }

  for(type: EventType): EventReaction[] {
    return this.reactions.get(type) ?? [];
  }
}

/** Writes each event to the outbox in the caller's transaction (its queries are timed like a repository's). */
@MeasuredRepository()
@Injectable()
export class OutboxEventPublisher extends EventPublisher {
  constructor(
    private readonly uow: TypeOrmUnitOfWork,
    private readonly reactions: InProcessEventReactions,
  ) {
    super();
  }

  async publish<K extends EventType>(event: DomainEvent<K>): Promise<StoredEvent<K>> {
    return this.uow.run(async () => {
      const [row] = await queryRows<{ id: string; occurred_at: Date }>(
        this.uow.manager(),
        `INSERT INTO outbox_events (type, aggregate_id, payload, trace_context) VALUES ($1, $2, $3, $4)
         RETURNING id, occurred_at`,
        [
          event.type,
          event.aggregateId,
          JSON.stringify({ actorId: event.actorId, data: event.data }),
          // the request's trace travels with the event, so its jobs join that trace
          traceContextJson(),
        ],
        { prepared: true }, // one per written request
      );
      const stored = { ...event, id: row.id, occurredAt: row.occurred_at } as StoredEvent<K>;
      for (const reaction of this.reactions.for(event.type)) await reaction(stored as StoredEvent);
      return stored;
    });
  }
}
