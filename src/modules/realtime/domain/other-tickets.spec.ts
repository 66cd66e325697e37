import { otherTicketsOf, withOtherTicketsFor } from './other-tickets';
import { StreamEvent } from './stream-event';

const event = (type: string, data: Record<string, unknown>): StreamEvent => ({
  seq: 1,
  id: 'e1',
  type,
  aggregateId: 'own',
  actorId: null,
  data: { ticket: { id: 'own' }, ...data },
  occurredAt: '2026-01-01T00:00:00.000Z',
});
const merged = event('ticket.status_changed', {
  to: 'CLOSED',
  reason: 'merged into TKT-202611-000002',
  mergedInto: { id: 'other', pid: 'TKT-202611-000002' },
});
const mergedFrom = event('ticket.updated', {
  fields: ['merged'],
  mergedFrom: { id: 'other', pid: 'TKT-202611-000001' },
  link: { id: 'l1', type: 'DUPLICATE_OF', sourceTicketId: 'other', targetTicketId: 'own' },
});
const followUp = event('ticket.created', { channel: 'email', followUpOf: { id: 'other', pid: 'TKT-1' } });
const none = () => false;

describe('other tickets named in a streamed event', () => {
  it('finds each reference to another ticket, never the event’s own', () => {
    expect(otherTicketsOf(merged)).toEqual(['other']);
    expect(otherTicketsOf(mergedFrom)).toEqual(['other']);
    expect(otherTicketsOf(followUp)).toEqual(['other']);
    expect(otherTicketsOf(event('ticket.message_added', { messageId: 'm' }))).toEqual([]);
  });

  it('nulls what the reader may not see, as the history does, and leaves the shared event alone', () => {
    const before = JSON.stringify(merged);
    expect(withOtherTicketsFor(merged, none).data).toEqual({
      ticket: { id: 'own' },
      to: 'CLOSED',
      reason: 'merged into another ticket',
      mergedInto: null,
    });
    expect(JSON.stringify(merged)).toBe(before);
    expect(withOtherTicketsFor(mergedFrom, none).data).toMatchObject({
      mergedFrom: null,
      link: { id: 'l1', type: 'DUPLICATE_OF', sourceTicketId: null, targetTicketId: 'own' },
    });
    expect(withOtherTicketsFor(followUp, none).data).toMatchObject({ followUpOf: null });
  });

  it('returns the event as it is when the reader may see every ticket it names', () => {
    for (const e of [merged, mergedFrom, followUp]) expect(withOtherTicketsFor(e, () => true)).toBe(e);
  });
});
