import { EventType } from '../../../common/events/domain-event';
import { REDACTED, redactFailureReason, redactJobData } from './failed-job';

describe('failed job redaction', () => {
  it('replaces secret-named properties at any depth and keeps the rest', () => {
    const shown = redactJobData('events', {
      id: 'e1',
      type: 'ticket.created',
      data: { ticketId: 't1', nested: { accessToken: 'a', password: 'p', apiKey: 'k', tags: ['x'] } },
      secret: 's',
    }) as Record<string, any>;
    expect(shown.id).toBe('e1');
    expect(shown.data.ticketId).toBe('t1');
    expect(shown.data.nested).toEqual({
      accessToken: REDACTED,
      password: REDACTED,
      apiKey: REDACTED,
      tags: ['x'],
    });
    expect(shown.secret).toBe(REDACTED);
  });

  it('withholds the data of private events, in the events queue and inside webhook jobs', () => {
    const event = { id: 'e', type: EventType.PASSWORD_RESET_REQUESTED, data: { userId: 'u', code: 'abc' } };
    expect((redactJobData('events', event) as Record<string, unknown>).data).toBe(REDACTED);
    const job = redactJobData('webhooks', { webhookId: 'w', event }) as Record<string, any>;
    expect(job.event.data).toBe(REDACTED);
    expect(job.event.type).toBe(EventType.PASSWORD_RESET_REQUESTED);
  });

  it('leaves mail bodies out but shows who, what and which kind', () => {
    const shown = redactJobData('mail', {
      to: 'a@example.test',
      subject: 'Hi',
      kind: 'ticket_reply',
      text: 'link ?t=1',
      html: '<a>',
      headers: { 'X-Thing': '1' },
    });
    expect(shown).toEqual({
      to: 'a@example.test',
      subject: 'Hi',
      kind: 'ticket_reply',
      text: REDACTED,
      html: REDACTED,
      headers: REDACTED,
    });
  });

  it('cuts long strings and bottomless nesting', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 20; i++) deep = { next: deep };
    const shown = JSON.stringify(redactJobData('events', { long: 'x'.repeat(5000), deep }));
    expect(shown.length).toBeLessThan(2500);
    expect(shown).toContain(REDACTED);
  });

  it('takes credentials out of failure messages', () => {
    expect(redactFailureReason('connect to smtp://user:hunter2@mail.example:587 failed')).toBe(
      `connect to smtp://${REDACTED}@mail.example:587 failed`,
    );
    expect(redactFailureReason(undefined)).toBeNull();
  });
});
