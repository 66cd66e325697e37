import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from './webhook-signature';

describe('webhook signature', () => {
  const body = JSON.stringify({
    id: 'e1',
    type: 'ticket.created',
    occurredAt: '2026-01-01T00:00:00.000Z',
    data: {},
  });

  it('is sha256= and the hex HMAC of "timestamp.body"', () => {
    const expected = createHmac('sha256', 'topsecret').update(`1700000000.${body}`).digest('hex');
    expect(signWebhook('topsecret', 1700000000, body)).toBe(`sha256=${expected}`);
  });

  it('verifies only the same secret, timestamp and body', () => {
    const sig = signWebhook('topsecret', 1700000000, body);
    expect(verifyWebhook('topsecret', 1700000000, body, sig)).toBe(true);
    expect(verifyWebhook('other', 1700000000, body, sig)).toBe(false);
    expect(verifyWebhook('topsecret', 1700000001, body, sig)).toBe(false);
    expect(verifyWebhook('topsecret', 1700000000, `${body} `, sig)).toBe(false);
    expect(verifyWebhook('topsecret', 1700000000, body, 'sha256=00')).toBe(false);
  });
});
