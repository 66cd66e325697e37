import { AccessScope } from '../../../common/auth/scope-policy';
import { SqlParams } from '../../../infrastructure/database/sql';

/**
 * The scope policy as a WHERE condition on tickets aliased `t` (mirrors `canRead` in common/auth/scope-policy.ts):
 * party (requester, assignee, grant holder) or, for staff, a non-restricted ticket of their department.
 */
export function scopeCondition(scope: AccessScope, p: SqlParams): string {
  if (scope.all) return 'TRUE';
  const uid = p.add(scope.userId);
  const party = [
    `t.requester_id = ${uid}`,
    `t.assignee_id = ${uid}`,
    // an id list rather than EXISTS, so every branch can use an index and the planner can OR their bitmaps
    `t.id = ANY (ARRAY(SELECT g.ticket_id FROM ticket_access_grants g WHERE g.user_id = ${uid}))`,
  ];
  if (scope.departmentId) {
    party.push(`(t.department_id = ${p.add(scope.departmentId)} AND t.visibility = 'INTERNAL')`);
  }
  return `(${party.join(' OR ')})`;
}
