import { MERGED_ELSEWHERE_REASON } from '../../../common/events/merge-reference';
import { StreamEvent, ticketIdOf } from './stream-event';

type Data = Record<string, unknown>;

const idOf = (ref: unknown): string | null => {
  const id = (ref as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' ? id : null;
};

const linkEnds = (data: Data): string[] => {
  const link = data.link as { sourceTicketId?: unknown; targetTicketId?: unknown } | undefined;
  if (!link || typeof link !== 'object') return [];
  return [link.sourceTicketId, link.targetTicketId].filter((id): id is string => typeof id === 'string');
};

/**
 * The tickets other than its own that an event's data names: the ticket a merged one went into (`mergedInto`, and
 * its PID in `reason`) and the one merged into this (`mergedFrom`) with the merge's `link`, the far end of a link
 * added or removed (`link`), the closed ticket a follow-up answers (`followUpOf`). No event names another ticket's
 * title.
 */
export function otherTicketsOf(event: Pick<StreamEvent, 'type' | 'aggregateId' | 'data'>): string[] {
  const data = event.data;
  if (!data) return [];
  const own = ticketIdOf(event);
  const named = [idOf(data.mergedInto), idOf(data.mergedFrom), idOf(data.followUpOf), ...linkEnds(data)];
  return [...new Set(named.filter((id): id is string => id !== null && id !== own))];
}

/**
 * The event as a reader sees it: each other ticket it names that `readable` refuses is nulled (its id and PID go),
 * as the ticket's history shows it to the same reader (see historyDetailsSql in the tickets' persistence): a merge's
 * `mergedInto`/`mergedFrom` and a follow-up's `followUpOf` become null, a merge's `reason` reads "merged into another
 * ticket", and a link keeps its id and type with the hidden end's id null. The event itself is unchanged (it may be
 * shared by every stream), and is returned as it is when nothing is hidden.
 */
export function withOtherTicketsFor(
  event: StreamEvent,
  readable: (ticketId: string) => boolean,
): StreamEvent {
  const hidden = new Set(otherTicketsOf(event).filter((id) => !readable(id)));
  if (hidden.size === 0 || !event.data) return event;
  const data: Data = { ...event.data };
  const hides = (ref: unknown) => {
    const id = idOf(ref);
    return id !== null && hidden.has(id);
  };
  if (hides(data.mergedInto)) {
    data.mergedInto = null;
    if (typeof data.reason === 'string') data.reason = MERGED_ELSEWHERE_REASON;
  }
  if (hides(data.mergedFrom)) data.mergedFrom = null;
  if (hides(data.followUpOf)) data.followUpOf = null;
  const link = data.link as Data | undefined;
  if (link && typeof link === 'object') {
    const end = (id: unknown) => (typeof id === 'string' && hidden.has(id) ? null : id);
    data.link = {
      ...link,
      sourceTicketId: end(link.sourceTicketId),
      targetTicketId: end(link.targetTicketId),
    };
  }
  return { ...event, data };
}
