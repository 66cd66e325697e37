import { EventType } from '../../../common/events/domain-event';

/** Subscribe to every public event type. */
export const ALL_EVENTS = '*';

/** Events that carry secrets or concern one person only: never sent to webhooks or shown in-app. */
export const PRIVATE_EVENT_TYPES: readonly string[] = [EventType.PASSWORD_RESET_REQUESTED];

export const isPrivateEvent = (type: string): boolean => PRIVATE_EVENT_TYPES.includes(type);

/** What a webhook may subscribe to. */
export const WEBHOOK_EVENT_TYPES: readonly string[] = Object.values(EventType).filter(
  (t: string) => !isPrivateEvent(t),
);

export const WEBHOOK_EVENT_FILTERS: readonly string[] = [ALL_EVENTS, ...WEBHOOK_EVENT_TYPES];

/** De-duplicated and sorted; `*` swallows the rest. */
export function normaliseEventFilter(events: readonly string[]): string[] {
  if (events.includes(ALL_EVENTS)) return [ALL_EVENTS];
  return [...new Set(events)].sort();
}

export function subscriptionMatches(events: readonly string[], type: string): boolean {
  if (isPrivateEvent(type)) return false;
  return events.includes(ALL_EVENTS) || events.includes(type);
}
