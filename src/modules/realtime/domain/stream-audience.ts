import { Actor } from '../../../common/auth/actor';
import { Role } from '../../../common/auth/role';
import { canRead, scopeOf, ScopedFacts } from '../../../common/auth/scope-policy';
import { EventType } from '../../../common/events/domain-event';
import { isPrivateEvent } from '../../../common/events/private-events';
import { canSeeInternal, TicketFacts } from '../../tickets/domain/ticket-access';
import { StreamEvent, ticketIdOf } from './stream-event';

/** Internal notes, and anything flagged internal, are for those who work the ticket. */
export const isInternalEvent = (event: Pick<StreamEvent, 'type' | 'data'>): boolean =>
  event.type === (EventType.TICKET_NOTE_ADDED as string) || event.data?.internal === true;

/**
 * Whether a viewer's stream carries an event, given the facts of its ticket as they stand at delivery: readable
 * exactly as `GET /tickets/:id` decides (the scope policy), and, for internal events, worked by the viewer as the
 * messages list decides (so an END_USER never gets a note). Events about no ticket go to ADMINs only; private events
 * (a password reset) to nobody.
 */
export function mayReceive(
  viewer: Actor,
  event: StreamEvent,
  ticket: (ScopedFacts & TicketFacts) | undefined,
): boolean {
  if (event.data === null || isPrivateEvent(event.type)) return false;
  const internal = isInternalEvent(event);
  if (internal && viewer.role === Role.END_USER) return false;
  if (ticketIdOf(event) === null || !ticket) return viewer.role === Role.ADMIN && !internal;
  if (!canRead(scopeOf(viewer), ticket)) return false;
  return !internal || canSeeInternal(viewer, ticket);
}
