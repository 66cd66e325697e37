import { DomainEvent, EventType, StoredEvent } from './domain-event';
import { EventPublisher, EventReaction } from './event-publisher';
import { TicketSnapshot } from './ticket-snapshot';

/** Keeps what it is given: enough to see what `publish` accepts (the compile-time part is checked by tsc). */
class RecordingPublisher extends EventPublisher {
  readonly published: StoredEvent[] = [];

  publish<K extends EventType>(event: DomainEvent<K>): Promise<StoredEvent<K>> {
    const stored = {
      ...event,
      id: `e${this.published.length + 1}`,
      occurredAt: new Date(0),
    } as StoredEvent<K>;
    this.published.push(stored as StoredEvent);
    return Promise.resolve(stored);
  }
}

const ticket: TicketSnapshot = {
  id: 't1',
  pid: 'TKT-202611-000001',
  title: 'Printer',
  status: 'OPEN',
  priority: 'LOW',
  requesterId: 'u1',
  assigneeId: null,
  departmentId: null,
  teamId: null,
  visibility: 'PUBLIC',
};

describe('typed events', () => {
  it('publishes an event whose data matches its type, and hands back its typed payload', async () => {
    const publisher = new RecordingPublisher();
    const stored = await publisher.publish({
      type: EventType.TICKET_PRIORITY_CHANGED,
      aggregateId: 't1',
      actorId: 'u1',
      data: { ticket, from: 'LOW', to: 'HIGH' },
    });
    expect(stored.data.to).toBe('HIGH');
    expect(publisher.published.map((e) => e.type)).toEqual([EventType.TICKET_PRIORITY_CHANGED]);
  });

  it('refuses, at compile time, data that does not belong to the event type', () => {
    const publisher = new RecordingPublisher();
    const wrong = (): Promise<unknown> =>
      publisher.publish({
        type: EventType.TICKET_PRIORITY_CHANGED,
        aggregateId: 't1',
        actorId: 'u1',
        // @ts-expect-error a priority change carries from/to with its snapshot, not a message id
        data: { ticket, messageId: 'm1' },
      });
    const missing = (): Promise<unknown> =>
      publisher.publish({
        type: EventType.SLA_BREACHED,
        aggregateId: 't1',
        actorId: null,
        // @ts-expect-error a breach without its target and times
        data: { ticket },
      });
    expect([wrong, missing]).toHaveLength(2);
  });

  it('gives a reaction the payload of the type it registered for', () => {
    const seen: string[] = [];
    const reaction: EventReaction<EventType.TICKET_STATUS_CHANGED> = (event) => {
      seen.push(`${event.data.from}->${event.data.to}`);
      return Promise.resolve();
    };
    void reaction({
      type: EventType.TICKET_STATUS_CHANGED,
      aggregateId: 't1',
      actorId: null,
      data: { ticket, from: 'PENDING_APPROVAL', to: 'OPEN' },
      id: 'e1',
      occurredAt: new Date(0),
    });
    expect(seen).toEqual(['PENDING_APPROVAL->OPEN']);
  });
});
