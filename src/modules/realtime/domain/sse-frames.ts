import { StreamEvent } from './stream-event';

/**
 * Server-Sent Events framing. The data line is JSON, which never holds a raw line break, so each event is one
 * `id`/`event`/`data` block; its body is what webhooks receive: `{id, type, occurredAt, data}`.
 */
export const eventFrame = (event: StreamEvent): string =>
  `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify({
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    data: event.data ?? {},
  })}\n\n`;

/** A comment line: ignored by clients, keeps proxies from closing an idle stream. */
export const commentFrame = (text: string): string => `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;

/** How long a client waits before reconnecting after the stream ends. */
export const retryFrame = (ms: number): string => `retry: ${Math.max(0, Math.floor(ms))}\n\n`;
