import { Role } from '../../../common/auth/role';
import { normaliseTags } from '../../tickets/domain/ticket';
import { TicketPriority, TicketStatus } from '../../tickets/domain/ticket-enums';

/** What a macro does to a ticket, each action exactly as its caller could do it by hand. */
export interface MacroActions {
  status?: TicketStatus;
  priority?: TicketPriority;
  tags?: { add: string[]; remove: string[] };
  /** a user id, or `me` for whoever applies the macro */
  assigneeId?: string;
  reply?: { body: string; internal: boolean };
}

export interface Macro {
  id: string;
  name: string;
  description: string | null;
  actions: MacroActions;
  /** the department whose staff use it; null for every department (made by an ADMIN) */
  departmentId: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface MacroUser {
  id: string;
  role: Role;
  departmentId: string | null;
}

/** Which macros a staff member sees: those for everyone and their department's (ADMIN: all). */
export interface MacroScope {
  all: boolean;
  departmentId: string | null;
}

export const macroScopeOf = (user: MacroUser): MacroScope => ({
  all: user.role === Role.ADMIN,
  departmentId: user.departmentId,
});

/** Who may change or delete a macro they see: its author, a TEAM_LEAD of its department, an ADMIN. */
export function canManageMacro(user: MacroUser, macro: Macro): boolean {
  if (user.role === Role.ADMIN || macro.createdBy === user.id) return true;
  return (
    user.role === Role.TEAM_LEAD && macro.departmentId !== null && macro.departmentId === user.departmentId
  );
}

export type MacroPlacement =
  { ok: true; departmentId: string | null } | { ok: false; kind: 'forbidden' | 'invalid'; reason: string };

/**
 * The department a new macro belongs to: an ADMIN picks any (or none, for everyone); other staff make macros for
 * their own department only. A refusal is `forbidden` (403) for another department or all, `invalid` (400 about
 * `departmentId`) for staff of no department.
 */
export function placeMacro(user: MacroUser, requested: string | null | undefined): MacroPlacement {
  if (user.role === Role.ADMIN) {
    return { ok: true, departmentId: requested !== undefined ? requested : (user.departmentId ?? null) };
  }
  if (!user.departmentId) {
    return { ok: false, kind: 'invalid', reason: 'you belong to no department to make a macro for' };
  }
  if (requested !== undefined && requested !== user.departmentId) {
    return {
      ok: false,
      kind: 'forbidden',
      reason: 'Only an ADMIN makes macros for another department or all',
    };
  }
  return { ok: true, departmentId: user.departmentId };
}

export const hasActions = (a: MacroActions): boolean =>
  a.status !== undefined ||
  a.priority !== undefined ||
  a.assigneeId !== undefined ||
  a.reply !== undefined ||
  (a.tags !== undefined && (a.tags.add.length > 0 || a.tags.remove.length > 0));

/** The tags a ticket has after the macro: its own plus those added, minus those removed (all normalised). */
export function tagsAfter(current: readonly string[], change: { add: string[]; remove: string[] }): string[] {
  const removed = new Set(normaliseTags(change.remove));
  return normaliseTags([...current, ...change.add]).filter((t) => !removed.has(t));
}

/** Stored actions in their normal form: tags normalised, `me` lower-cased, nothing empty kept. */
export function normaliseActions(a: MacroActions): MacroActions {
  const out: MacroActions = {};
  if (a.status !== undefined) out.status = a.status;
  if (a.priority !== undefined) out.priority = a.priority;
  if (a.tags && (a.tags.add.length > 0 || a.tags.remove.length > 0)) {
    out.tags = { add: normaliseTags(a.tags.add), remove: normaliseTags(a.tags.remove) };
  }
  if (a.assigneeId !== undefined) out.assigneeId = a.assigneeId.toLowerCase();
  if (a.reply !== undefined) out.reply = { body: a.reply.body, internal: a.reply.internal };
  return out;
}
