import { EventType } from '../../common/events/domain-event';
import { EventMessage } from '../../common/events/event-message';
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
