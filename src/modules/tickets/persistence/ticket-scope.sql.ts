import { AccessScope } from '../../../common/auth/scope-policy';
import { SqlParams } from '../../../infrastructure/database/sql';
import { InternalNotesScope } from '../domain/ticket-access';

/**
 * The scope policy as a WHERE condition on tickets aliased `t`, or `alias` (mirrors `canRead` in common/auth/scope-policy.ts, kind by kind):
 * party (requester, assignee, grant holder) or, for staff, a non-restricted ticket of their department.
 */
export function scopeCondition(scope: AccessScope, p: SqlParams, alias = 't'): string {
  switch (scope.kind) {
    case 'all':
    case 'system':
      return 'TRUE';
    case 'party':
      return `(${partyOf(scope.userId, p, alias).join(' OR ')})`;
    case 'staff':
      return `(${[...partyOf(scope.userId, p, alias), department(scope.departmentId, p, alias)].join(' OR ')})`;
    case 'department':
      return department(scope.departmentId, p, alias);
  }
}

/**
 * The same scope as conditions that never hold together, whose OR is `scopeCondition`. For staff: the department's
 * tickets, then those assigned to them outside it, then those they requested outside both, then those granted to
 * them outside all three; other scopes stay one condition. A count over their UNION ALL counts each readable ticket once, and each branch reads its own index
 * range: the department's through `tickets_department_status_priority_idx`, the assignee's through
 * `tickets_assignee_idx` (both carry the columns of the department test, so the first two stay index-only), instead
 * of one scan over every ticket of the other filters with the whole OR tested on each.
 */
export function scopeBranches(scope: AccessScope, p: SqlParams): string[] {
  switch (scope.kind) {
    // a party's tickets are few: one bitmap OR of its three indexes reads them, where a branch of their own lets
    // the planner AND the requester's index with a status range (150,000 entries for OPEN,IN_PROGRESS at 1M tickets)
    case 'all':
    case 'system':
    case 'department':
    case 'party':
      return [scopeCondition(scope, p)];
    case 'staff': {
      const [requester, assignee, granted] = partyOf(scope.userId, p);
      return disjoint([department(scope.departmentId, p), assignee, requester, granted]);
    }
  }
}

/** Each condition, except where an earlier one holds (IS NOT TRUE: a NULL department or assignee is no match). */
const disjoint = (conditions: string[]): string[] =>
  conditions.map((c, i) => (i === 0 ? c : `${c} AND (${conditions.slice(0, i).join(' OR ')}) IS NOT TRUE`));

/** requester, assignee, grant holder, in that order */
function partyOf(userId: string, p: SqlParams, t = 't'): string[] {
  const uid = p.add(userId);
  return [
    `${t}.requester_id = ${uid}`,
    `${t}.assignee_id = ${uid}`,
    // an id list rather than EXISTS, so every branch can use an index and the planner can OR their bitmaps
    `${t}.id = ANY (ARRAY(SELECT g.ticket_id FROM ticket_access_grants g WHERE g.user_id = ${uid}))`,
  ];
}

const department = (departmentId: string, p: SqlParams, t = 't'): string =>
  `(${t}.department_id = ${p.add(departmentId)} AND ${t}.visibility = 'INTERNAL')`;

/**
 * `canSeeInternal` (domain/ticket-access.ts) as a condition on a ticket aliased `t`: whether the caller works it, so
 * sees its internal notes and the files on them. ADMIN any, END_USER none, staff those assigned to them or of their
 * department.
 */
export function worksTicketCondition(notes: InternalNotesScope, p: SqlParams): string {
  if (notes === 'all') return 'TRUE';
  if (notes === 'none') return 'FALSE';
  const worked = [`t.assignee_id = ${p.add(notes.userId)}`];
  if (notes.departmentId) worked.push(`t.department_id = ${p.add(notes.departmentId)}`);
  return `(${worked.join(' OR ')})`;
}
