import { EventType } from './domain-event';

/** Events that carry secrets or concern one person only: never sent to webhooks, shown in-app or streamed. */
export const PRIVATE_EVENT_TYPES: readonly string[] = [
  EventType.PASSWORD_RESET_REQUESTED,
  EventType.GUEST_TICKET_SUBMITTED,
];

export const isPrivateEvent = (type: string): boolean => PRIVATE_EVENT_TYPES.includes(type);
