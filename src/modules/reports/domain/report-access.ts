import { Actor } from '../../../common/auth/actor';
import { Role } from '../../../common/auth/role';

/**
 * Whose figures the caller may read: an ADMIN everything or the department they name (which must exist: the
 * service looks, `mustExist`), a TEAM_LEAD their own department only (another one is 404, as any out-of-scope
 * resource), nobody else (403). Never throws: the reports service turns a refusal into the error.
 */
export type ReportAccess =
  | { ok: true; departmentId: string | null; mustExist: boolean }
  | { ok: false; kind: 'forbidden'; reason: string }
  | { ok: false; kind: 'not-found' };

export function reportAccess(
  actor: Pick<Actor, 'role' | 'departmentId'>,
  departmentId: string | undefined,
): ReportAccess {
  if (actor.role === Role.ADMIN)
    return { ok: true, departmentId: departmentId ?? null, mustExist: Boolean(departmentId) };
  if (actor.role !== Role.TEAM_LEAD)
    return { ok: false, kind: 'forbidden', reason: 'Reports are for team leads and admins' };
  if (!actor.departmentId || (departmentId && departmentId !== actor.departmentId))
    return { ok: false, kind: 'not-found' };
  return { ok: true, departmentId: actor.departmentId, mustExist: false };
}
