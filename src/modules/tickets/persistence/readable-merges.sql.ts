import { AccessScope, isUnrestricted } from '../../../common/auth/scope-policy';
import { SqlParams } from '../../../infrastructure/database/sql';
import { scopeCondition } from './ticket-scope.sql';

/**
 * `rows` as a caller of `scope` reads them: `merged_into_id` null where the ticket it names is outside their scope
 * (as `ticketColumnsFor` says it in SQL); one statement, and only for a page that holds merged tickets.
 */
export async function readableMerges<R extends { merged_into_id: string | null }>(
  run: <T>(sql: string, params: unknown[]) => Promise<T[]>,
  scope: AccessScope,
  rows: R[],
): Promise<R[]> {
  if (isUnrestricted(scope)) return rows;
  const targets = [...new Set(rows.flatMap((r) => (r.merged_into_id ? [r.merged_into_id] : [])))];
  if (targets.length === 0) return rows;
  const p = new SqlParams();
  const ids = p.add(targets);
  const readable = new Set(
    (
      await run<{ id: string }>(
        `SELECT t.id FROM tickets t WHERE t.id = ANY(${ids}::uuid[]) AND ${scopeCondition(scope, p)}`,
        p.values,
      )
    ).map((r) => r.id),
  );
  return rows.map((r) =>
    r.merged_into_id && !readable.has(r.merged_into_id) ? { ...r, merged_into_id: null } : r,
  );
}
