import { FieldProblem } from '../../../common/errors/domain-errors';
import { Caller } from '../../../common/auth/actor';
import { isStaffRole, Role } from './role';
import { User } from './user';

/** A user with their placement: department and team (staff, and optionally admins), and availability. */
export interface UserAccount extends User {
  departmentId: string | null;
  teamId: string | null;
  /** null when the user has no staff profile */
  available: boolean | null;
}

export interface Placement {
  departmentId: string | null;
  teamId: string | null;
}

export interface UserFilter {
  role?: Role;
  /** only active (true) or only deactivated (false) users; unset: active ones unless includeInactive */
  isActive?: boolean;
  includeInactive: boolean;
  /** case-insensitive prefix of the email or the full name */
  q?: string;
}

/** Where a user of this role may be placed: staff need a department, end users have none, a team needs its department. */
export function placementProblems(role: Role, placement: Placement): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (role === Role.END_USER) {
    if (placement.departmentId)
      problems.push({ field: 'departmentId', message: 'END_USER accounts do not belong to a department' });
    if (placement.teamId)
      problems.push({ field: 'teamId', message: 'END_USER accounts do not belong to a team' });
    return problems;
  }
  if (!placement.departmentId) {
    if (isStaffRole(role)) problems.push({ field: 'departmentId', message: `a ${role} needs a department` });
    else if (placement.teamId)
      problems.push({ field: 'departmentId', message: 'a team member needs the department of the team' });
  }
  return problems;
}

/** A member's team must be a team of the member's department. */
export const teamBelongsTo = (team: { departmentId: string }, departmentId: string | null): boolean =>
  team.departmentId === departmentId;

/** Only the fields present change; `departmentId: null` / `teamId: null` remove the placement. */
export interface AccountChanges {
  fullName?: string;
  role?: Role;
  isActive?: boolean;
  departmentId?: string | null;
  teamId?: string | null;
  available?: boolean;
}

export interface AccountState extends Placement {
  fullName: string;
  role: Role;
  isActive: boolean;
  /** null when the account has no staff profile */
  available: boolean | null;
}

/**
 * The answers of the account rules. They never throw: the users service turns `problems` into a 422, a self-lockout
 * refusal into a 403 and a refusal of `checkAdminsRemain` into a 409.
 */
export type AccountPlanCheck = { ok: true; plan: AccountPlan } | { ok: false; problems: FieldProblem[] };
export type SelfLockoutCheck = { ok: true } | { ok: false; reason: string };
export type AdminsRemainCheck = { ok: true } | { ok: false; reason: string };

export interface AccountPlan {
  next: AccountState;
  roleChanged: boolean;
  deactivated: boolean;
  activityChanged: boolean;
  placementChanged: boolean;
  availabilityChanged: boolean;
}

/**
 * The state an account moves to under `changes`, checked against the placement rules (their problems otherwise).
 * Moving to another department without naming a team leaves the old team (it belongs to the old department);
 * becoming an END_USER leaves both.
 */
export function planAccountChange(current: UserAccount, changes: AccountChanges): AccountPlanCheck {
  const role = changes.role ?? current.role;
  const demotedToEndUser = role === Role.END_USER && current.role !== Role.END_USER;
  const departmentId =
    changes.departmentId !== undefined
      ? changes.departmentId
      : demotedToEndUser
        ? null
        : current.departmentId;
  const teamId =
    changes.teamId !== undefined
      ? changes.teamId
      : demotedToEndUser || departmentId !== current.departmentId
        ? null
        : current.teamId;
  const problems = placementProblems(role, { departmentId, teamId });
  if (problems.length > 0) return { ok: false, problems };
  if (changes.available !== undefined && !departmentId)
    return {
      ok: false,
      problems: [{ field: 'available', message: 'only staff placed in a department have an availability' }],
    };
  const available = departmentId ? (changes.available ?? current.available ?? true) : null;
  const next: AccountState = {
    fullName: changes.fullName ?? current.fullName,
    role,
    isActive: changes.isActive ?? current.isActive,
    departmentId,
    teamId,
    available,
  };
  const plan: AccountPlan = {
    next,
    roleChanged: next.role !== current.role,
    deactivated: current.isActive && !next.isActive,
    activityChanged: next.isActive !== current.isActive,
    placementChanged: next.departmentId !== current.departmentId || next.teamId !== current.teamId,
    availabilityChanged: next.available !== current.available,
  };
  return { ok: true, plan };
}

/** An admin cannot lock themselves out: no deactivating yourself and no dropping your own ADMIN role. */
export function checkSelfLockout(actor: Caller, targetId: string, plan: AccountPlan): SelfLockoutCheck {
  if (actor.id !== targetId) return { ok: true };
  if (plan.deactivated) return { ok: false, reason: 'You cannot deactivate your own account' };
  if (actor.role === Role.ADMIN && plan.next.role !== Role.ADMIN)
    return { ok: false, reason: 'You cannot remove your own ADMIN role' };
  return { ok: true };
}

/**
 * Whether `changes` could take the ADMIN role away from an active ADMIN or deactivate one, whatever the account:
 * decided before the account is read, so the active admins can be locked before the account's own row.
 */
export const mayRemoveAnAdmin = (changes: AccountChanges): boolean =>
  changes.isActive === false || (changes.role !== undefined && changes.role !== Role.ADMIN);

/** Whether the plan takes the ADMIN role away from an active ADMIN or deactivates one. */
export const removesAnActiveAdmin = (current: UserAccount, plan: AccountPlan): boolean =>
  current.isActive && current.role === Role.ADMIN && (!plan.next.isActive || plan.next.role !== Role.ADMIN);

/**
 * Before an active ADMIN is demoted or deactivated: another active ADMIN must remain, and the caller must still be
 * an active ADMIN (their role was read with the session when the request began, and a concurrent change may have
 * taken it since). `activeAdminIds` are the active admins as read under a lock held until the change commits.
 */
export function checkAdminsRemain(
  actor: Caller,
  targetId: string,
  activeAdminIds: readonly string[],
): AdminsRemainCheck {
  if (!activeAdminIds.some((id) => id !== targetId))
    return { ok: false, reason: 'The last active ADMIN cannot be demoted or deactivated' };
  if (!activeAdminIds.includes(actor.id))
    return {
      ok: false,
      reason: 'Your account is no longer an active ADMIN, so it cannot demote or deactivate an ADMIN',
    };
  return { ok: true };
}
