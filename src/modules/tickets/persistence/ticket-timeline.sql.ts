import { AccessScope, isUnrestricted } from '../../../common/auth/scope-policy';
import { SqlParams } from '../../../infrastructure/database/sql';
import { scopeCondition } from './ticket-scope.sql';
import { TICKET_COLUMNS } from './ticket-row.mapper';

/**
 * Whether a ticket (aliased `t`) merged into another shows its messages and files there to a caller of `scope`:
 * every INTERNAL one, and a RESTRICTED one only when the caller may read it itself. A restricted ticket's content
 * stays with those it is restricted to, also after a merge. The one place of that rule: the lists of a merge target
 * (`mergedFamilySql`) and the read of a single file (`showingTicketsSql`) both apply it.
 */
function showsWhenMerged(scope: AccessScope, p: SqlParams): string {
  return `(t.visibility = 'INTERNAL' OR ${scopeCondition(scope, p)})`;
}

/**
 * The ticket and the tickets merged into it (at any depth; merges never form a loop) whose messages and files show
 * on it to a caller of `scope`: the ticket itself and those that show when merged (`showsWhenMerged`).
 */
export function mergedFamilySql(ticketId: string, scope: AccessScope, p: SqlParams): string {
  const id = p.add(ticketId);
  return `WITH RECURSIVE family (id) AS (
      SELECT ${id}::uuid UNION SELECT t.id FROM tickets t JOIN family f ON t.merged_into_id = f.id
    ) SELECT f.id FROM family f JOIN tickets t ON t.id = f.id
       WHERE f.id = ${id}::uuid OR ${showsWhenMerged(scope, p)}`;
}

/**
 * The ticket a message or file (its `ticket_id` column `column`) on the timeline of `ticketId` names to a caller of
 * `scope`: its own ticket when that is `ticketId` or a ticket the caller may read, else `ticketId`, so that the
 * content of a ticket merged into it never names a ticket the caller cannot see (as the links list and the history
 * do not).
 */
export function shownTicketIdSql(column: string, ticketId: string, scope: AccessScope, p: SqlParams): string {
  if (isUnrestricted(scope)) return column;
  const id = `${p.add(ticketId)}::uuid`;
  return `CASE WHEN ${column} = ${id} THEN ${column}
      WHEN EXISTS (SELECT 1 FROM tickets t WHERE t.id = ${column} AND ${scopeCondition(scope, p)}) THEN ${column}
      ELSE ${id} END`;
}

/**
 * The other way round: the tickets in the caller's scope on whose timeline the content of `ticketIdSql` (an SQL
 * expression naming a ticket, not aliased `t`) shows, i.e. those whose `mergedFamilySql` holds it: the ticket itself
 * and, when it shows when merged, every ticket it was merged into (at any depth). `also` is a further condition on
 * those tickets (aliased `t`): within this statement, so that an `EXISTS` over it walks the one chain of merges of
 * the row it is correlated to, not the tickets table per row (as `t.id IN (...)` over a scan of tickets would).
 */
export function showingTicketsSql(
  ticketIdSql: string,
  scope: AccessScope,
  p: SqlParams,
  also = 'TRUE',
): string {
  return `WITH RECURSIVE up (id) AS (
      SELECT ${ticketIdSql} UNION SELECT t.merged_into_id FROM tickets t JOIN up u ON t.id = u.id
       WHERE t.merged_into_id IS NOT NULL
    ) SELECT t.id FROM up u JOIN tickets t ON t.id = u.id
       WHERE ${scopeCondition(scope, p)} AND ${also} AND (t.id = ${ticketIdSql}
         OR EXISTS (SELECT 1 FROM tickets t WHERE t.id = ${ticketIdSql} AND ${showsWhenMerged(scope, p)}))`;
}

/**
 * A history entry's details (table aliased `h`) as a caller of `scope` may read them: the other ticket an entry
 * names (LINKED, UNLINKED, MERGED: `ticketId`, `pid`; a merge's STATUS_CHANGED: `mergedInto` and the reason naming
 * its PID; CREATED of a follow-up: `followUpOf`) is nulled unless that ticket is in the caller's scope, by the
 * same condition the ticket reads use, so a timeline never tells of a ticket the caller cannot see.
 */
export function historyDetailsSql(scope: AccessScope, p: SqlParams): string {
  if (isUnrestricted(scope)) return 'h.details';
  const hidden = (match: string) =>
    `NOT EXISTS (SELECT 1 FROM tickets t WHERE ${match} AND ${scopeCondition(scope, p)})`;
  return `CASE
      WHEN h.type IN ('LINKED', 'UNLINKED', 'MERGED') AND h.details->>'ticketId' IS NOT NULL
        AND ${hidden(`t.id = (h.details->>'ticketId')::uuid`)}
        THEN h.details || '{"ticketId": null, "pid": null}'::jsonb
      WHEN h.type = 'STATUS_CHANGED' AND h.details->'mergedInto'->>'id' IS NOT NULL
        AND ${hidden(`t.id = (h.details->'mergedInto'->>'id')::uuid`)}
        THEN h.details || '{"mergedInto": null, "reason": "merged into another ticket"}'::jsonb
      WHEN h.type = 'CREATED' AND h.details->>'followUpOf' IS NOT NULL
        AND ${hidden(`t.pid = h.details->>'followUpOf'`)}
        THEN h.details || '{"followUpOf": null}'::jsonb
      ELSE h.details END`;
}

/**
 * A ticket's (aliased `t`) `merged_into_id` as a caller of `scope` may read it: null unless the ticket it was merged
 * into is in their scope, as the links list leaves that DUPLICATE_OF link out for them and the history nulls the
 * merge's `mergedInto`. The target's check runs only for a merged ticket.
 */
export function mergedIntoSql(scope: AccessScope, p: SqlParams): string {
  if (isUnrestricted(scope)) return 't.merged_into_id';
  return `CASE WHEN t.merged_into_id IS NULL THEN NULL
      WHEN EXISTS (SELECT 1 FROM tickets m WHERE m.id = t.merged_into_id AND ${scopeCondition(scope, p, 'm')})
      THEN t.merged_into_id END`;
}

/** TICKET_COLUMNS (tickets aliased `t`) as a caller of `scope` reads them: `merged_into_id` by `mergedIntoSql`. */
export function ticketColumnsFor(scope: AccessScope, p: SqlParams): string {
  if (isUnrestricted(scope)) return TICKET_COLUMNS;
  const mergedInto = `${mergedIntoSql(scope, p)} AS merged_into_id`;
  return TICKET_COLUMNS.replace('t.merged_into_id', () => mergedInto);
}
