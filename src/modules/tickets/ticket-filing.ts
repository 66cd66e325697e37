import { Actor } from '../../common/auth/actor';
import { ValidationFailedError } from '../../common/errors/domain-errors';
import { pidPeriod } from './domain/pid';
import { normaliseTags, Ticket, ticketSnapshot } from './domain/ticket';
import { TicketPriority, TicketStatus, TicketVisibility } from './domain/ticket-enums';
import { checkedText } from './domain/ticket-input';
import { TicketOrigin } from './ticket-commands.port';
import { ResolvedDraft } from './ticket-intake.port';
import { NewTicket, TicketFiling } from './ticket-repository.port';

/**
 * What filing a resolved draft writes: the ticket row (status PENDING_APPROVAL when its item needs approval, so it is
 * not auto-assigned before it opens) and, in the same statement, its CREATED history entry and idempotency key. A
 * title or description that fails `checkedText` is a 400 naming each problem, its message the first one's.
 */
export function filingOf(
  actor: Actor,
  draft: ResolvedDraft,
  origin: TicketOrigin,
  idempotencyKey?: { userId: string; key: string },
): { ticket: NewTicket; filing: TicketFiling } {
  const text = checkedText(draft);
  if (!text.ok) throw new ValidationFailedError(text.problems[0].message, text.problems);
  const { title, description } = text;
  const departmentId = draft.departmentId ?? null;
  const status = draft.requiresApproval ? TicketStatus.PENDING_APPROVAL : TicketStatus.OPEN;
  const priority = draft.priority ?? TicketPriority.MEDIUM;
  return {
    ticket: {
      title,
      description,
      status,
      priority,
      requesterId: actor.id,
      departmentId,
      serviceItemId: draft.serviceItemId ?? null,
      categoryId: draft.categoryId ?? null,
      tags: normaliseTags(draft.tags ?? []),
      visibility: draft.visibility ?? TicketVisibility.INTERNAL,
      customFields: draft.customFields ?? {},
      dueAt: null,
    },
    filing: {
      period: pidPeriod(new Date()),
      created: {
        actorId: actor.id,
        details: {
          status,
          priority,
          departmentId,
          ...(origin.channel && origin.channel !== 'api' ? { channel: origin.channel } : {}),
          ...(origin.followUpOf ? { followUpOf: origin.followUpOf.pid } : {}),
        },
      },
      idempotencyKey,
    },
  };
}

/** The TICKET_CREATED event's data: the new ticket, the channel it came by and the ticket it follows up. */
export const createdEventData = (ticket: Ticket, origin: TicketOrigin) => ({
  ticket: ticketSnapshot(ticket),
  channel: origin.channel ?? 'api',
  ...(origin.followUpOf ? { followUpOf: { id: origin.followUpOf.id, pid: origin.followUpOf.pid } } : {}),
});
