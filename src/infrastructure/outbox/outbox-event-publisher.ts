import { Injectable } from '@nestjs/common';
import { DomainEvent, EventType, StoredEvent } from '../../common/events/domain-event';
import {
  EventPublisher,
  EventReaction,
  EventReactions,
  StagedEvent,
} from '../../common/events/event-publisher';
import { queryRows } from '../database/sql';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import { currentTraceCarrier } from '../tracing/trace-context';
import { SqlAdapter } from '../database/sql-adapter';

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
@SqlAdapter(EventPublisher)
export class OutboxEventPublisher extends EventPublisher {
  constructor(
    private readonly uow: TypeOrmUnitOfWork,
    private readonly reactions: InProcessEventReactions,
  ) {
    super();
  }

  async publish<K extends EventType>(event: DomainEvent<K>): Promise<StoredEvent<K>> {
    return this.uow.run(async () => {
      const row = outboxRow(event);
      const [inserted] = await queryRows<{ id: string; occurred_at: Date }>(
        this.uow.manager(),
        `INSERT INTO outbox_events (type, aggregate_id, payload, trace_context) VALUES ($1, $2, $3, $4)
         RETURNING id, occurred_at`,
        [row.type, row.aggregateId, row.payload, row.traceContext],
        { prepared: true }, // one per written request
      );
      const stored = { ...event, id: inserted.id, occurredAt: inserted.occurred_at } as StoredEvent<K>;
      for (const reaction of this.reactions.for(event.type)) await reaction(stored as StoredEvent);
      return stored;
    });
  }

  override stage<K extends EventType>(event: DomainEvent<K>): StagedEvent | null {
    // reactions run in process, after the row is written: such events go through publish
    return this.reactions.for(event.type).length > 0 ? null : outboxRow(event);
  }
}

function outboxRow<K extends EventType>(event: DomainEvent<K>): StagedEvent {
  return {
    type: event.type,
    aggregateId: event.aggregateId,
    payload: JSON.stringify({ actorId: event.actorId, data: event.data }),
    // the request's trace travels with the event, so its jobs join that trace
    traceContext: traceContextJson(),
  };
}
