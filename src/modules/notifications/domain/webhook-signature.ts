/** Where webhook signing secrets are stored, encrypted: the cipher's additional data for them. */
export const WEBHOOK_SECRET_PURPOSE = 'webhooks.secret';

import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`: what X-Webhook-Signature carries. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The receiver's side, for documentation and tests: constant-time comparison of the expected signature. */
export function verifyWebhook(secret: string, timestamp: number, body: string, signature: string): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
