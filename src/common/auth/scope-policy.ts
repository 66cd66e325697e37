import { Role } from './role';

/**
 * The one scope policy of the contract (API.md, Roles and scope), as data the repositories turn into SQL:
 * - ADMIN sees everything;
 * - AGENT and TEAM_LEAD see their department's resources, except RESTRICTED ones they are not party to;
 * - END_USER sees only what they requested;
 * - whoever is party to a resource (requester, assignee, approver, holder of a view grant) always sees it.
 */
export interface AccessScope {
  userId: string;
  /** no condition at all */
  all: boolean;
  /** the department whose non-restricted resources are visible, or null for none */
  departmentId: string | null;
}

export interface ScopeSubject {
  id: string;
  role: Role;
  departmentId: string | null;
}

export function scopeOf(user: ScopeSubject): AccessScope {
  switch (user.role) {
    case Role.ADMIN:
      return { userId: user.id, all: true, departmentId: null };
    case Role.AGENT:
    case Role.TEAM_LEAD:
      return { userId: user.id, all: false, departmentId: user.departmentId };
    case Role.END_USER:
      return { userId: user.id, all: false, departmentId: null };
  }
}

/** What the policy needs to know about one ticket-like resource. */
export interface ScopedFacts {
  departmentId: string | null;
  restricted: boolean;
  requesterId: string;
  assigneeId: string | null;
  /** approvers and holders of explicit view grants */
  otherPartyIds: readonly string[];
}

export const isParty = (userId: string, facts: ScopedFacts): boolean =>
  facts.requesterId === userId || facts.assigneeId === userId || facts.otherPartyIds.includes(userId);

/**
 * The predicate the SQL filter implements; repositories must apply the same rule in their WHERE clause
 * (and e2e tests hold them to it). Used directly only where rows are already loaded.
 */
export function canRead(scope: AccessScope, facts: ScopedFacts): boolean {
  if (scope.all) return true;
  if (isParty(scope.userId, facts)) return true;
  return scope.departmentId !== null && facts.departmentId === scope.departmentId && !facts.restricted;
}
