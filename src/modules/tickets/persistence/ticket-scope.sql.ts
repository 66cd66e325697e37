import { AccessScope } from '../../../common/auth/scope-policy';
import { SqlParams } from '../../../infrastructure/database/sql';

/**
 * The scope policy as a WHERE condition on tickets aliased `t` (mirrors `canRead` in common/auth/scope-policy.ts, kind by kind):
 * party (requester, assignee, grant holder) or, for staff, a non-restricted ticket of their department.
 */
export function scopeCondition(scope: AccessScope, p: SqlParams): string {
  switch (scope.kind) {
    case 'all':
    case 'system':
      return 'TRUE';
    case 'party':
      return `(${partyOf(scope.userId, p).join(' OR ')})`;
    case 'staff':
      return `(${[...partyOf(scope.userId, p), department(scope.departmentId, p)].join(' OR ')})`;
    case 'department':
      return department(scope.departmentId, p);
  }
}

function partyOf(userId: string, p: SqlParams): string[] {
  const uid = p.add(userId);
  return [
    `t.requester_id = ${uid}`,
    `t.assignee_id = ${uid}`,
    // an id list rather than EXISTS, so every branch can use an index and the planner can OR their bitmaps
    `t.id = ANY (ARRAY(SELECT g.ticket_id FROM ticket_access_grants g WHERE g.user_id = ${uid}))`,
  ];
}

const department = (departmentId: string, p: SqlParams): string =>
  `(t.department_id = ${p.add(departmentId)} AND t.visibility = 'INTERNAL')`;
