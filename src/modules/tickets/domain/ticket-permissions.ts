import { Role } from '../../../common/auth/role';
import { TicketStatus } from './ticket-enums';
import { TransitionActor } from './ticket-transitions';

export interface Viewer {
  id: string;
  role: Role;
  departmentId: string | null;
  teamId: string | null;
}

export interface TicketFacts {
  requesterId: string;
  assigneeId: string | null;
  departmentId: string | null;
  status: TicketStatus;
}

export const isStaff = (viewer: Viewer): boolean => viewer.role !== Role.END_USER;

/**
 * Staff rights on a ticket the viewer can already see: ADMIN on any, AGENT/TEAM_LEAD on their department's tickets
 * and on tickets assigned to them. A view grant alone gives reading, not working.
 */
export function canWork(viewer: Viewer, ticket: TicketFacts): boolean {
  if (viewer.role === Role.ADMIN) return true;
  if (viewer.role === Role.END_USER) return false;
  return (
    ticket.assigneeId === viewer.id ||
    (viewer.departmentId !== null && ticket.departmentId === viewer.departmentId)
  );
}

/** The capacities in which the viewer may move the ticket. */
export function actorsOf(viewer: Viewer, ticket: TicketFacts): TransitionActor[] {
  const actors: TransitionActor[] = [];
  if (ticket.requesterId === viewer.id) actors.push('REQUESTER');
  if (canWork(viewer, ticket)) actors.push('STAFF');
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

export type EditCheck = { ok: true } | { ok: false; field: string; reason: string };

export function checkEdit(viewer: Viewer, ticket: TicketFacts, fields: readonly EditableField[]): EditCheck {
  if (canWork(viewer, ticket)) return { ok: true };
  if (ticket.requesterId !== viewer.id)
    return { ok: false, field: '', reason: 'You may not edit this ticket' };
  const notAllowed = fields.find((f) => !(REQUESTER_EDITABLE as readonly string[]).includes(f));
  if (notAllowed) return { ok: false, field: notAllowed, reason: `A requester may not change ${notAllowed}` };
  if (ticket.status !== TicketStatus.OPEN) {
    return { ok: false, field: '', reason: 'A requester may edit a ticket only while it is OPEN' };
  }
  return { ok: true };
}

/** Who may write on the ticket: its requester and those who work it; internal notes only the latter. */
export function checkMessage(viewer: Viewer, ticket: TicketFacts, internal: boolean): EditCheck {
  const worker = canWork(viewer, ticket);
  if (internal && !worker)
    return { ok: false, field: 'internal', reason: 'Only staff working the ticket may add internal notes' };
  if (!worker && ticket.requesterId !== viewer.id)
    return { ok: false, field: '', reason: 'You may not reply on this ticket' };
  return { ok: true };
}
