import { iso } from '../../../common/time/iso';
import { Notification, Webhook, WebhookDelivery } from '../domain/notification';
import { InboundResult } from '../inbound-email.service';
import {
  InboundEmailResponseDto,
  NotificationResponseDto,
  WebhookDeliveryResponseDto,
  WebhookResponseDto,
} from './notification.dto';

export const toNotificationResponse = (n: Notification): NotificationResponseDto => ({
  id: n.id,
  type: n.type,
  eventId: n.eventId,
  ticketId: n.ticketId,
  title: n.title,
  body: n.body,
  read: n.readAt !== null,
  readAt: iso(n.readAt),
  createdAt: n.createdAt.toISOString(),
});

/** Never the secret: it is shown once, by the create route itself. */
export const toWebhookResponse = (w: Webhook): WebhookResponseDto => ({
  id: w.id,
  url: w.url,
  events: w.events,
  createdAt: w.createdAt.toISOString(),
});

export const toDeliveryResponse = (d: WebhookDelivery): WebhookDeliveryResponseDto => ({
  id: d.id,
  eventId: d.eventId,
  eventType: d.eventType,
  attempt: d.attempt,
  success: d.success,
  statusCode: d.statusCode,
  durationMs: d.durationMs,
  error: d.error,
  createdAt: d.createdAt.toISOString(),
});

export const toInboundResponse = (r: InboundResult): InboundEmailResponseDto => ({
  status: r.status,
  ...(r.reason !== undefined ? { reason: r.reason } : {}),
  ...(r.ticketId !== undefined ? { ticketId: r.ticketId } : {}),
  ...(r.pid !== undefined ? { pid: r.pid } : {}),
  ...(r.followUpOf ? { followUpOf: { id: r.followUpOf.id, pid: r.followUpOf.pid } } : {}),
  ...(r.messageId !== undefined ? { messageId: r.messageId } : {}),
  attachments: r.attachments.map((a) => ({ id: a.id, filename: a.filename })),
  skippedAttachments: r.skippedAttachments.map((s) => ({ filename: s.filename, reason: s.reason })),
});
