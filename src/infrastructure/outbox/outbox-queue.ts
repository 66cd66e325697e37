import { EventType } from '../../common/events/domain-event';
import { EventMessage } from '../../common/events/event-message';
import { isPrivateEvent } from '../../common/events/private-events';
import { QueueName } from '../queue/queue-names';

/** The BullMQ queue the outbox relay fills: one job per committed domain event, with the event id as job id. */
export const EVENTS_QUEUE = 'events' satisfies QueueName;

/** An outbox event as it travels through BullMQ. */
export type OutboxJobData = EventMessage;

/** Events someone is waiting for (a reset mail, a guest's confirmation): they overtake a backlog of notifications. */
export const isUrgentEvent = (type: string): boolean =>
  type === (EventType.PASSWORD_RESET_REQUESTED as string) ||
  type === (EventType.GUEST_TICKET_SUBMITTED as string);

/** BullMQ runs jobs without a priority before prioritized ones. */
export const priorityOf = (type: string): number | undefined => (isUrgentEvent(type) ? undefined : 10);

/**
 * How long an event's job stays in Redis once it is done. A private event's job carries a secret (a reset or
 * set-password token, of which only the hash is kept): it goes as soon as it completes or fails for good, so it is
 * not listed among the failed jobs. That loses no event: one that failed for good was never marked handled, so the
 * relay's re-drive queues it again from PostgreSQL (within a day of dispatch) as it does any lost job. Other jobs
 * stay a day after completing and, failed for good, for RETENTION_FAILED_JOBS_DAYS (the queue's default).
 */
export const retentionOf = (
  type: string,
): { removeOnComplete: true | { age: number }; removeOnFail?: true } =>
  isPrivateEvent(type)
    ? { removeOnComplete: true, removeOnFail: true }
    : { removeOnComplete: { age: 86400 } };
