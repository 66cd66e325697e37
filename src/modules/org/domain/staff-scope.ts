import { ForbiddenError } from '../../../common/errors/domain-errors';
import { Caller } from '../../../common/auth/actor';
import { Role } from './role';

/** Which staff a caller may see; repositories take it as a required argument and apply it in the query. */
export type StaffScope =
  { readonly kind: 'all' } | { readonly kind: 'department'; readonly departmentId: string };

/** ADMIN sees all staff, a TEAM_LEAD their own department's; nobody else sees staff. */
export function staffScopeFor(actor: Caller): StaffScope {
  if (actor.role === Role.ADMIN) return { kind: 'all' };
  if (actor.role === Role.TEAM_LEAD && actor.departmentId)
    return { kind: 'department', departmentId: actor.departmentId };
  throw new ForbiddenError('Only admins and team leads may manage staff');
}

/** The only staff fields a TEAM_LEAD may change, and only on agents of their department. */
export const TEAM_LEAD_STAFF_FIELDS: readonly string[] = ['available', 'teamId'];

/**
 * May the actor make these changes to a staff member already found within the actor's scope? ADMIN: anything.
 * TEAM_LEAD: `available` and `teamId` of AGENTs only.
 */
export function authorizeStaffChange(actor: Caller, target: { role: Role }, changedFields: string[]): void {
  if (actor.role === Role.ADMIN) return;
  if (actor.role !== Role.TEAM_LEAD) throw new ForbiddenError('Only admins and team leads may manage staff');
  const refused = changedFields.filter((field) => !TEAM_LEAD_STAFF_FIELDS.includes(field));
  if (refused.length > 0)
    throw new ForbiddenError(`A team lead may change only available and teamId, not ${refused.join(', ')}`);
  if (target.role !== Role.AGENT) throw new ForbiddenError('A team lead may change only agents');
}
