import { Actor } from '../../../common/auth/actor';
import { Role } from '../../../common/auth/role';
import { TicketStatus } from './ticket-enums';
import { TransitionActor } from './ticket-transitions';

/**
 * Who may do what to a ticket they can already see (whether they see it at all is the scope policy in
 * common/auth/scope-policy.ts, which the repositories apply in SQL). Every rule about a ticket's caller lives here,
 * as a named capability; services ask, and throw ForbiddenError on a refusal.
 *
 * One result style: a capability answers a boolean; a decision that can be refused for several reasons answers an
 * `AccessCheck` naming the reason. Neither throws.
 */
export interface TicketFacts {
  requesterId: string;
  assigneeId: string | null;
  departmentId: string | null;
  status: TicketStatus;
}

export type AccessCheck = { ok: true } | { ok: false; field: string; reason: string };

const ALLOWED: AccessCheck = { ok: true };
const refused = (reason: string, field = ''): AccessCheck => ({ ok: false, field, reason });

export const isStaff = (actor: Actor): boolean => actor.role !== Role.END_USER;

const isRequester = (actor: Actor, ticket: TicketFacts): boolean => ticket.requesterId === actor.id;

/**
 * Staff rights on a ticket: ADMIN on any, AGENT/TEAM_LEAD on their department's tickets and on tickets assigned to
 * them. A view grant alone gives reading, not working.
 */
export function canWork(actor: Actor, ticket: TicketFacts): boolean {
  if (actor.role === Role.ADMIN) return true;
  if (actor.role === Role.END_USER) return false;
  return (
    ticket.assigneeId === actor.id ||
    (actor.departmentId !== null && ticket.departmentId === actor.departmentId)
  );
}

/** Replies and attachments: the requester and those who work the ticket. */
export const canContribute = (actor: Actor, ticket: TicketFacts): boolean =>
  canWork(actor, ticket) || isRequester(actor, ticket);

/** Internal notes, internal history and files on notes: those who work the ticket, never its requester as such. */
export const canSeeInternal = (actor: Actor, ticket: TicketFacts): boolean => canWork(actor, ticket);

/** View grants on a RESTRICTED ticket: its requester and those who work it. */
export const canGrant = (actor: Actor, ticket: TicketFacts): boolean => canContribute(actor, ticket);

/** The capacities in which the actor may move the ticket (the transition table decides the rest). */
export function actorsOf(actor: Actor, ticket: TicketFacts): TransitionActor[] {
  const actors: TransitionActor[] = [];
  if (isRequester(actor, ticket)) actors.push('REQUESTER');
  if (canWork(actor, ticket)) actors.push('STAFF');
  return actors;
}

/** Fields a requester may edit, and only while the ticket is OPEN. */
export const REQUESTER_EDITABLE = ['title', 'description'] as const;
export const STAFF_EDITABLE = [
  'title',
  'description',
  'priority',
  'tags',
  'categoryId',
  'teamId',
  'visibility',
  'customFields',
] as const;
export type EditableField = (typeof STAFF_EDITABLE)[number];

/** Editing fields: any for those who work the ticket; title and description for its requester while OPEN. */
export function canEdit(actor: Actor, ticket: TicketFacts, fields: readonly EditableField[]): AccessCheck {
  if (canWork(actor, ticket)) return ALLOWED;
  if (!isRequester(actor, ticket)) return refused('You may not edit this ticket');
  const notAllowed = fields.find((f) => !(REQUESTER_EDITABLE as readonly string[]).includes(f));
  if (notAllowed) return refused(`A requester may not change ${notAllowed}`, notAllowed);
  if (ticket.status !== TicketStatus.OPEN)
    return refused('A requester may edit a ticket only while it is OPEN');
  return ALLOWED;
}

/** A reply needs `canContribute`, an internal note `canSeeInternal`. */
export function canMessage(actor: Actor, ticket: TicketFacts, internal: boolean): AccessCheck {
  if (internal && !canSeeInternal(actor, ticket))
    return refused('Only staff working the ticket may add internal notes', 'internal');
  if (!canContribute(actor, ticket)) return refused('You may not reply on this ticket');
  return ALLOWED;
}

/**
 * What a message does to its ticket beyond being added: a public reply by staff working a ticket that has none yet is
 * its first response; the requester's public reply to a ticket waiting for them (PENDING_USER) or RESOLVED puts it
 * back IN_PROGRESS.
 */
export function messageEffects(
  author: Actor,
  ticket: TicketFacts & { firstResponseAt: Date | null },
  internal: boolean,
): { firstResponse: boolean; reopens: boolean } {
  if (internal) return { firstResponse: false, reopens: false };
  if (isRequester(author, ticket)) {
    return {
      firstResponse: false,
      reopens: ticket.status === TicketStatus.PENDING_USER || ticket.status === TicketStatus.RESOLVED,
    };
  }
  return { firstResponse: canWork(author, ticket) && !ticket.firstResponseAt, reopens: false };
}

/**
 * `canSeeInternal` as the search's SQL applies it to messages of many tickets at once: whose internal notes may
 * match, those of the tickets the actor works (assigned to them or in their department), never an end user's.
 */
export type InternalNotesScope = 'all' | 'none' | { userId: string; departmentId: string | null };

export function internalNotesScope(actor: Actor): InternalNotesScope {
  if (actor.role === Role.ADMIN) return 'all';
  if (!isStaff(actor)) return 'none';
  return { userId: actor.id, departmentId: actor.departmentId };
}
