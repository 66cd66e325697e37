import { commentFrame, eventFrame, retryFrame } from './sse-frames';

describe('SSE frames', () => {
  it('writes one id/event/data block with the webhook body, line breaks in values escaped', () => {
    const frame = eventFrame({
      seq: 7,
      id: 'e1',
      type: 'ticket.message_added',
      aggregateId: 't1',
      actorId: 'u1',
      data: { ticket: { id: 't1', title: 'two\nlines\r\n' } },
      occurredAt: '2026-01-01T00:00:00.000Z',
    });
    const lines = frame.split('\n');
    expect(lines.slice(0, 2)).toEqual(['id: e1', 'event: ticket.message_added']);
    expect(lines[2].startsWith('data: ')).toBe(true);
    expect(lines.slice(3)).toEqual(['', '']);
    expect(JSON.parse(lines[2].slice(6))).toEqual({
      id: 'e1',
      type: 'ticket.message_added',
      occurredAt: '2026-01-01T00:00:00.000Z',
      data: { ticket: { id: 't1', title: 'two\nlines\r\n' } },
    });
  });

  it('keeps comments on one line and retry a whole number', () => {
    expect(commentFrame('heart\nbeat')).toBe(': heart beat\n\n');
    expect(retryFrame(1999.7)).toBe('retry: 1999\n\n');
  });
});
