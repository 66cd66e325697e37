/** An in-app notification of one user. */
export interface Notification {
  id: string;
  userId: string;
  eventId: string;
  type: string;
  ticketId: string | null;
  title: string;
  body: string;
  readAt: Date | null;
  createdAt: Date;
}

export interface NewNotification extends Omit<Notification, 'id' | 'readAt' | 'createdAt'> {
  /** when the event happened: lists are ordered by it, whatever order the worker handled events in */
  occurredAt: Date;
}

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  createdAt: Date;
}

/** A webhook with its signing secret: used to sign deliveries and never returned by the API after creation. */
export interface WebhookWithSecret extends Webhook {
  secret: string;
}

export interface WebhookDelivery {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  attempt: number;
  success: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  createdAt: Date;
}

/** An event as the consumers receive it from the outbox relay. */
export type { EventMessage } from '../../../common/events/event-message';

/** Someone who may be notified. */
export interface Person {
  id: string;
  email: string;
  fullName: string;
  role: string;
  isActive: boolean;
  /** staff: the department they work in (rules tell staff only of tickets they may read) */
  departmentId?: string | null;
}
