import { EventType } from '../../../common/events/domain-event';
import { isPrivateEvent } from '../../../common/events/private-events';

/** Subscribe to every public event type. */
export const ALL_EVENTS = '*';

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
