import { Notification, Webhook, WebhookDelivery, WebhookWithSecret } from '../domain/notification';

export interface NotificationRow {
  id: string;
  user_id: string;
  event_id: string;
  type: string;
  ticket_id: string | null;
  title: string;
  body: string;
  read_at: Date | null;
  created_at: Date;
}

export const toNotification = (r: NotificationRow): Notification => ({
  id: r.id,
  userId: r.user_id,
  eventId: r.event_id,
  type: r.type,
  ticketId: r.ticket_id,
  title: r.title,
  body: r.body,
  readAt: r.read_at,
  createdAt: r.created_at,
});

export interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  secret: string;
  created_at: Date;
}

export const toWebhook = ({ id, url, events, created_at }: WebhookRow): Webhook => ({
  id,
  url,
  events,
  createdAt: created_at,
});

export const toWebhookWithSecret = (r: WebhookRow): WebhookWithSecret => ({
  ...toWebhook(r),
  secret: r.secret,
});

export interface WebhookDeliveryRow {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  attempt: number;
  success: boolean;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  created_at: Date;
}

export const toWebhookDelivery = (r: WebhookDeliveryRow): WebhookDelivery => ({
  id: r.id,
  webhookId: r.webhook_id,
  eventId: r.event_id,
  eventType: r.event_type,
  attempt: r.attempt,
  success: r.success,
  statusCode: r.status_code,
  durationMs: r.duration_ms,
  error: r.error,
  createdAt: r.created_at,
});
