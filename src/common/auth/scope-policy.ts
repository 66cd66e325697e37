import { Caller } from './actor';
import { Role } from './role';

/**
 * The one scope policy of the contract (API.md, Roles and scope), as data the repositories turn into SQL:
 * - ADMIN sees everything;
 * - AGENT and TEAM_LEAD see their department's resources, except RESTRICTED ones they are not party to;
 * - END_USER sees only what they requested;
 * - whoever is party to a resource (requester, assignee, approver, holder of a view grant) always sees it.
 */
export type AccessScope =
  /** an ADMIN: no condition */
  | { kind: 'all' }
  /** the system itself (jobs, event reactions, re-reading a row this transaction wrote): no condition */
  | { kind: 'system' }
  /** what the user is party to, nothing more (END_USER, or staff without a department) */
  | { kind: 'party'; userId: string }
  /** staff: what they are party to and their department's non-restricted resources */
  | { kind: 'staff'; userId: string; departmentId: string }
  /** a department's non-restricted resources, whoever asks (counts shared by everyone working there) */
  | { kind: 'department'; departmentId: string };

/** The system's own reads and locks: no filter, and nobody's name on it. */
export const SYSTEM_ACCESS: AccessScope = { kind: 'system' };

/** An ADMIN's or the system's scope: it sees every resource, so its reads take no condition. */
export const isUnrestricted = (scope: AccessScope): scope is { kind: 'all' } | { kind: 'system' } =>
  scope.kind === 'all' || scope.kind === 'system';

export function scopeOf(actor: Caller): AccessScope {
  switch (actor.role) {
    case Role.ADMIN:
      return { kind: 'all' };
    case Role.AGENT:
    case Role.TEAM_LEAD:
      return actor.departmentId
        ? { kind: 'staff', userId: actor.id, departmentId: actor.departmentId }
        : { kind: 'party', userId: actor.id };
    case Role.END_USER:
      return { kind: 'party', userId: actor.id };
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
  switch (scope.kind) {
    case 'all':
    case 'system':
      return true;
    case 'party':
      return isParty(scope.userId, facts);
    case 'staff':
      return isParty(scope.userId, facts) || inDepartment(scope.departmentId, facts);
    case 'department':
      return inDepartment(scope.departmentId, facts);
  }
}

const inDepartment = (departmentId: string, facts: ScopedFacts): boolean =>
  facts.departmentId === departmentId && !facts.restricted;
