import { EventMessage } from './domain/notification';

/** One queued delivery: an event for one webhook. */
export interface WebhookJob {
  webhookId: string;
  event: Pick<EventMessage, 'id' | 'type' | 'occurredAt' | 'data'>;
}

/** The job id of a delivery: one job per (event, webhook), so queuing it again while it is kept adds nothing. */
export const webhookJobId = (job: WebhookJob): string => `wh_${job.event.id}_${job.webhookId}`;

/** Queues deliveries (BullMQ, retried with exponential backoff). */
export abstract class WebhookDispatcher {
  abstract enqueue(job: WebhookJob): Promise<void>;
}

export interface TransportResult {
  /** the HTTP status, when an answer came */
  statusCode: number | null;
  /** why there was no 2xx answer (never contains the secret or the body) */
  error: string | null;
  /** the destination is not allowed (a private address): retrying will not help */
  refused: boolean;
}

/** POSTs a signed body to a receiver, refusing private destinations unless WEBHOOK_ALLOW_PRIVATE=true. */
export abstract class WebhookTransport {
  abstract post(url: string, body: string, headers: Record<string, string>): Promise<TransportResult>;
}
