/**
 * Every BullMQ queue of the service. The queues' own constants are checked against this list (`satisfies QueueName`),
 * so the failed-job view and the queue depth metrics cannot miss one.
 */
export const QUEUE_NAMES = ['events', 'mail', 'webhooks', 'housekeeping', 'sla'] as const;

export type QueueName = (typeof QUEUE_NAMES)[number];

export const isQueueName = (name: string): name is QueueName =>
  (QUEUE_NAMES as readonly string[]).includes(name);

/** BullMQ's queue prefix: the deployment's key prefix, so queues of deployments sharing a Redis never meet. */
export const bullPrefix = (keyPrefix: string): string => `${keyPrefix}bull`;
