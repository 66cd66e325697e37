import { Caller } from '../../../common/auth/actor';
import { Role } from './role';

export interface Team {
  id: string;
  departmentId: string;
  name: string;
  leadId: string | null;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type NewTeam = Pick<Team, 'departmentId' | 'name' | 'leadId'>;

/** Only the fields present change; `leadId: null` removes the lead. */
export type TeamChanges = Partial<NewTeam & Pick<Team, 'isActive'>>;

/** What decides whether someone may lead a team. */
export interface LeadCandidate {
  role: Role;
  isActive: boolean;
  departmentId: string | null;
}

/**
 * A team is led by an active TEAM_LEAD of the team's department, or by an active ADMIN who is not placed in another
 * department (admins are global; one placed elsewhere belongs to that department's staff).
 */
export function canLeadTeam(candidate: LeadCandidate, teamDepartmentId: string): boolean {
  if (!candidate.isActive) return false;
  if (candidate.role === Role.TEAM_LEAD) return candidate.departmentId === teamDepartmentId;
  if (candidate.role === Role.ADMIN)
    return candidate.departmentId === null || candidate.departmentId === teamDepartmentId;
  return false;
}

export const LEAD_REQUIREMENT =
  "a team's lead must be an active TEAM_LEAD (or ADMIN) of the team's department";

/**
 * Which teams a caller may read, as for tickets: ADMIN every team, other staff only their own department's (none
 * while they have no department). Out-of-scope teams are never listed and answer 404 by id.
 */
export type TeamScope =
  { readonly kind: 'all' } | { readonly kind: 'department'; readonly departmentId: string | null };

export const teamScopeFor = (actor: Caller): TeamScope =>
  actor.role === Role.ADMIN ? { kind: 'all' } : { kind: 'department', departmentId: actor.departmentId };

export const inTeamScope = (scope: TeamScope, team: Pick<Team, 'departmentId'>): boolean =>
  scope.kind === 'all' || (scope.departmentId !== null && team.departmentId === scope.departmentId);
