import { Page } from '../../common/pagination/page';
import { DomainEvent, EventType, StoredEvent } from '../../common/events/domain-event';
import { EventPublisher } from '../../common/events/event-publisher';
import { TicketSnapshot } from '../../common/events/ticket-snapshot';
import { HistoryEntry } from './domain/ticket';
import { NewHistoryEntry, TicketHistoryRepository } from './ticket-history-repository.port';
import { TicketRecorder } from './ticket-recorder';

/** Fakes for the two ports that note every write, in order, in one shared log. */
function recorderWithLog() {
  const log: string[] = [];
  const published: unknown[] = [];
  const history: TicketHistoryRepository = {
    append: (entry: NewHistoryEntry) => {
      log.push(`history ${entry.ticketId} ${entry.type}`);
      return Promise.resolve();
    },
    list: () => Promise.resolve({} as Page<HistoryEntry>),
  };
  const events: EventPublisher = {
    publish: <K extends EventType>(event: DomainEvent<K>) => {
      log.push(`event ${event.aggregateId} ${event.type} by ${event.actorId}`);
      published.push(event);
      return Promise.resolve({ ...event, id: 'e', occurredAt: new Date(0) } as StoredEvent<K>);
    },
    stage: () => null,
  };
  return { recorder: new TicketRecorder(history, events), log, published };
}

const ticket = { id: 't1', pid: 'TKT-202611-000001' } as TicketSnapshot;
const row = (type: string, over: Partial<NewHistoryEntry> = {}): NewHistoryEntry => ({
  ticketId: 't1',
  type,
  actorId: 'u1',
  details: {},
  ...over,
});

describe('TicketRecorder', () => {
  it("writes the row, then the event about the row's ticket by the row's actor", async () => {
    const { recorder, log, published } = recorderWithLog();
    await recorder.record(row('PRIORITY_CHANGED'), {
      type: EventType.TICKET_PRIORITY_CHANGED,
      data: { ticket, from: 'LOW', to: 'HIGH' },
    });
    expect(log).toEqual(['history t1 PRIORITY_CHANGED', 'event t1 ticket.priority_changed by u1']);
    expect(published[0]).toEqual({
      type: EventType.TICKET_PRIORITY_CHANGED,
      aggregateId: 't1',
      actorId: 'u1',
      data: { ticket, from: 'LOW', to: 'HIGH' },
    });
  });

  it('writes every row before the events, each list in its order, and a row alone when there is no event', async () => {
    const { recorder, log } = recorderWithLog();
    await recorder.record(
      [row('FIELD_CHANGED'), row('PRIORITY_CHANGED')],
      [
        { type: EventType.TICKET_PRIORITY_CHANGED, data: { ticket, from: 'LOW', to: 'HIGH' } },
        { type: EventType.TICKET_UPDATED, data: { ticket, fields: ['title', 'priority'] } },
      ],
    );
    await recorder.record(row('ACCESS_GRANTED', { actorId: null }));
    expect(log).toEqual([
      'history t1 FIELD_CHANGED',
      'history t1 PRIORITY_CHANGED',
      'event t1 ticket.priority_changed by u1',
      'event t1 ticket.updated by u1',
      'history t1 ACCESS_GRANTED',
    ]);
  });

  it('runs a function for the events once the rows are written, and writes what it answers', async () => {
    const { recorder, log } = recorderWithLog();
    await recorder.record(row('STATUS_CHANGED', { actorId: null }), async () => {
      await Promise.resolve(log.push('observers'));
      return { type: EventType.TICKET_STATUS_CHANGED, data: { ticket, from: 'NEW', to: 'OPEN' } };
    });
    expect(log).toEqual(['history t1 STATUS_CHANGED', 'observers', 'event t1 ticket.status_changed by null']);
  });

  it('refuses a change without a history row (it would have no ticket for its events)', async () => {
    const { recorder, log } = recorderWithLog();
    await expect(
      recorder.record([], { type: EventType.TICKET_UPDATED, data: { ticket, fields: [] } }),
    ).rejects.toThrow(/at least one history row/);
    expect(log).toEqual([]);
  });
});
