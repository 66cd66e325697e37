import { QueueName } from '../../../infrastructure/queue/queue-names';

/** The BullMQ queue of webhook deliveries: one job per (event, webhook), retried with exponential backoff. */
export const WEBHOOKS_QUEUE = 'webhooks' satisfies QueueName;
export const WEBHOOK_JOB = 'deliver';
