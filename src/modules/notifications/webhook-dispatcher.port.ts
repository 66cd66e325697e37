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
