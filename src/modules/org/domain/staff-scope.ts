import { Caller } from '../../../common/auth/actor';
import { Role } from './role';

/** Which staff a caller may see; repositories take it as a required argument and apply it in the query. */
export type StaffScope =
  { readonly kind: 'all' } | { readonly kind: 'department'; readonly departmentId: string };

/**
 * The answer of a staff rule: allowed (with what it found), or refused with the reason. The rules never throw; the
 * staff service turns a refusal into a 403.
 */
export type StaffCheck<T extends object = object> = ({ ok: true } & T) | { ok: false; reason: string };

const MANAGERS_ONLY = 'Only admins and team leads may manage staff';

/** ADMIN sees all staff, a TEAM_LEAD their own department's; nobody else sees staff. */
export function staffScopeFor(actor: Caller): StaffCheck<{ scope: StaffScope }> {
  if (actor.role === Role.ADMIN) return { ok: true, scope: { kind: 'all' } };
  if (actor.role === Role.TEAM_LEAD && actor.departmentId)
    return { ok: true, scope: { kind: 'department', departmentId: actor.departmentId } };
  return { ok: false, reason: MANAGERS_ONLY };
}

/** The only staff fields a TEAM_LEAD may change, and only on agents of their department. */
export const TEAM_LEAD_STAFF_FIELDS: readonly string[] = ['available', 'teamId'];

/**
 * May the actor make these changes to a staff member already found within the actor's scope? ADMIN: anything.
 * TEAM_LEAD: `available` and `teamId` of AGENTs only.
 */
export function checkStaffChange(
  actor: Caller,
  target: { role: Role },
  changedFields: readonly string[],
): StaffCheck {
  if (actor.role === Role.ADMIN) return { ok: true };
  if (actor.role !== Role.TEAM_LEAD) return { ok: false, reason: MANAGERS_ONLY };
  const refused = changedFields.filter((field) => !TEAM_LEAD_STAFF_FIELDS.includes(field));
  if (refused.length > 0)
    return {
      ok: false,
      reason: `A team lead may change only available and teamId, not ${refused.join(', ')}`,
    };
  if (target.role !== Role.AGENT) return { ok: false, reason: 'A team lead may change only agents' };
  return { ok: true };
}
