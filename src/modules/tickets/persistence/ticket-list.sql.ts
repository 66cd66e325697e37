import { AccessScope } from '../../../common/auth/scope-policy';
import { EXACT_TOTAL_CAP } from '../../../common/pagination/page';
import { SqlParams } from '../../../infrastructure/database/sql';
import { TicketSort } from '../domain/ticket-query';
import { TicketFilter, TicketPaging } from '../ticket-repository.port';
import { decodeCursor, SORTS } from './ticket-keyset';
import { TICKET_COLUMNS, TicketRow } from './ticket-row.mapper';
import { ticketColumnsFor } from './ticket-timeline.sql';
import { readableMerges } from './readable-merges.sql';
import { scopeBranches, scopeCondition } from './ticket-scope.sql';

/**
 * The SQL of the ticket list, apart from the repository so the bench's floor (bench/floor-server.ts) runs exactly
 * these statements. Nothing here knows Nest or a connection: `run` executes one statement and answers its rows.
 */
export type RunSql = <T>(sql: string, params: unknown[]) => Promise<T[]>;

export type ListedRow = TicketRow & Record<string, string>;

export interface TicketListResult {
  /** the page's rows and, when more follow, one more (by page or by cursor alike) */
  rows: ListedRow[];
  total: { count: number; estimate: boolean };
}

/**
 * Past this many matches by the planner's estimate, a full-text list of one word has that estimate for its total,
 * without counting: the estimate has a margin of two over the cap, so a set the planner puts here is past the cap in
 * practice, and the request does not read 10,001 matches (for a common word, thousands of heap pages) only to learn
 * that. A word's estimate comes from its own frequency in the column statistics; for several words (AND, a phrase,
 * a negation) the planner multiplies their frequencies as if they were independent, which can put words that
 * rarely meet at 200,000 matches while 5 match: those are counted (up to the cap) whatever the estimate.
 * Below it, counting decides.
 */
export const ESTIMATE_ONLY_ABOVE = 2 * EXACT_TOTAL_CAP;

/** Up to this many status × priority pairs, a list sorted by creation reads one ordered index range per pair. */
const MAX_PAIRS = 8;

/** How full-text search is written: as one id set per index, or as a condition on each ticket row. */
type TextForm = 'set' | 'row';

interface PlanNode {
  'Plan Rows': number;
  Plans?: PlanNode[];
}

function internalNotesCondition(scope: TicketFilter['internalNotesOf'], p: SqlParams): string {
  if (scope === 'all') return '';
  if (scope === 'none') return ' AND NOT m.internal';
  const worked = [`w.assignee_id = ${p.add(scope.userId)}`];
  if (scope.departmentId) worked.push(`w.department_id = ${p.add(scope.departmentId)}`);
  return ` AND (NOT m.internal OR EXISTS (SELECT 1 FROM tickets w WHERE w.id = m.ticket_id AND (${worked.join(' OR ')})))`;
}

const tsquery = (q: string): string => `websearch_to_tsquery('english', ${q})`;

/**
 * The full-text condition. `set`: one id set per index (GIN on tickets, GIN on messages, the PID key), joined to
 * the tickets: it reads every match, so it is for terms with few. `row`: the same test on each ticket row (its
 * vector, its PID, then its messages through the ticket index), which lets the planner walk the recency index and
 * stop at the page, or read only the caller's own tickets: for terms with many matches.
 */
function textCondition(f: TicketFilter, p: SqlParams, form: TextForm): string {
  const q = p.add(f.q);
  const notes = internalNotesCondition(f.internalNotesOf, p);
  if (form === 'row') {
    // OFFSET 0 keeps the planner from turning EXISTS into a hash of every matching message (thousands for a
    // common term): each ticket the walk reaches looks up its own messages through ticket_messages_ticket_idx
    return `(t.search_vector @@ ${tsquery(q)} OR t.pid = upper(${q}) OR EXISTS (
        SELECT 1 FROM ticket_messages m WHERE m.ticket_id = t.id AND m.search_vector @@ ${tsquery(q)}${notes}
        OFFSET 0))`;
  }
  return `t.id IN (
        SELECT s.id FROM tickets s WHERE s.search_vector @@ ${tsquery(q)}
        UNION SELECT s.id FROM tickets s WHERE s.pid = upper(${q})
        UNION SELECT m.ticket_id FROM ticket_messages m
          WHERE m.search_vector @@ ${tsquery(q)}${notes})`;
}

/** Every condition of the list (the caller's scope first), the full-text one written in `form`. */
export function filterConditions(
  scope: AccessScope,
  f: TicketFilter,
  p: SqlParams,
  form: TextForm = 'set',
): string[] {
  return [scopeCondition(scope, p), ...conditionsBesideScope(f, p, form)];
}

/** The list's own conditions, without the caller's scope. */
function conditionsBesideScope(f: TicketFilter, p: SqlParams, form: TextForm): string[] {
  const c: string[] = [];
  if (f.statuses?.length) c.push(`t.status = ANY(${p.add(f.statuses)}::ticket_status[])`);
  if (f.priorities?.length) c.push(`t.priority = ANY(${p.add(f.priorities)}::ticket_priority[])`);
  if (f.departmentId) c.push(`t.department_id = ${p.add(f.departmentId)}`);
  if (f.teamId) c.push(`t.team_id = ${p.add(f.teamId)}`);
  if (f.assigneeId === 'none') c.push('t.assignee_id IS NULL');
  else if (f.assigneeId) c.push(`t.assignee_id = ${p.add(f.assigneeId)}`);
  if (f.requesterId) c.push(`t.requester_id = ${p.add(f.requesterId)}`);
  if (f.serviceItemId) c.push(`t.service_item_id = ${p.add(f.serviceItemId)}`);
  if (f.categoryId) c.push(`t.category_id = ${p.add(f.categoryId)}`);
  if (f.tag) c.push(`t.tags @> ARRAY[${p.add(f.tag)}]::text[]`);
  if (f.createdFrom) c.push(`t.created_at >= ${p.add(f.createdFrom)}`);
  if (f.createdTo) c.push(`t.created_at < ${p.add(f.createdTo)}`);
  if (f.dueBefore) c.push(`t.due_at < ${p.add(f.dueBefore)}`);
  const breached = '(t.first_response_breached_at IS NOT NULL OR t.resolution_breached_at IS NOT NULL)';
  if (f.breached === true) c.push(breached);
  else if (f.breached === false) c.push(`NOT ${breached}`);
  if (f.q) c.push(textCondition(f, p, form));
  return c;
}

const rowsOf = (plan: Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>): PlanNode =>
  plan[0]['QUERY PLAN'][0].Plan;

/**
 * The planner's figures a full-text list decides on, from one EXPLAIN of a UNION ALL whose branches are, in order:
 * the matching tickets (the list's own condition), the tickets and the messages the term matches anywhere, the
 * tickets the list's other conditions match, and all tickets.
 */
async function textEstimates(
  run: RunSql,
  scope: AccessScope,
  f: TicketFilter,
): Promise<{ matching: number; termMatches: number; withoutText: number; all: number }> {
  const p = new SqlParams();
  const matching = filterConditions(scope, f, p, 'set').join(' AND ');
  const withoutText = filterConditions(scope, { ...f, q: undefined }, p).join(' AND ');
  const q = p.add(f.q);
  const plan = rowsOf(
    await run(
      `EXPLAIN (FORMAT JSON)
       SELECT 1 FROM tickets t WHERE ${matching}
       UNION ALL SELECT 1 FROM tickets s WHERE s.search_vector @@ ${tsquery(q)}
       UNION ALL SELECT 1 FROM ticket_messages m WHERE m.search_vector @@ ${tsquery(q)}
       UNION ALL SELECT 1 FROM tickets t WHERE ${withoutText}
       UNION ALL SELECT 1 FROM tickets`,
      p.values,
    ),
  );
  const branches = plan.Plans?.map((n) => n['Plan Rows']) ?? [];
  if (branches.length !== 5) {
    // not the expected shape: read it as a term with many matches (the row form is never worse than a full read)
    return { matching: plan['Plan Rows'], termMatches: Infinity, withoutText: 0, all: 0 };
  }
  const [matching_, ticketMatches, messageMatches, without, all] = branches;
  return { matching: matching_, termMatches: ticketMatches + messageMatches, withoutText: without, all };
}

/**
 * The statement whose matches the total counts: one SELECT per branch of the caller's scope (`scopeBranches`), as a
 * UNION ALL, each branch on its own index range. A full-text list keeps the scope as one condition: its text
 * condition, repeated in each branch, would read the term's matches once per branch.
 */
function matchesOf(scope: AccessScope, f: TicketFilter, form: TextForm): { sql: string; params: unknown[] } {
  const p = new SqlParams();
  const branches = f.q ? [scopeCondition(scope, p)] : scopeBranches(scope, p);
  const rest = conditionsBesideScope(f, p, form);
  const sql = branches
    .map((branch) => `SELECT 1 FROM tickets t WHERE ${[branch, ...rest].join(' AND ')}`)
    .join(' UNION ALL ');
  return { sql, params: p.values };
}

/**
 * The total, counted exactly up to EXACT_TOTAL_CAP (counting stops there, so no request counts more rows than
 * that) and, past the cap, the planner's estimate (at least the cap + 1), flagged. A one-word search whose
 * estimate (known beforehand: a full-text list has it) is past ESTIMATE_ONLY_ABOVE takes the estimate alone,
 * flagged: no counting. Any other list counts first, beside the page; past the cap it takes the estimate known
 * beforehand or, without one, asks the planner for it.
 */
async function cappedTotal(
  run: RunSql,
  matches: { sql: string; params: unknown[] },
  estimated?: number,
  q?: string,
): Promise<{ count: number; estimate: boolean }> {
  if (
    estimated !== undefined &&
    estimated > ESTIMATE_ONLY_ABOVE &&
    q !== undefined &&
    (await isOneWord(run, q))
  )
    return { count: Math.round(estimated), estimate: true };
  const [{ n }] = await run<{ n: number }>(
    `SELECT count(*)::int AS n FROM (${matches.sql} LIMIT ${EXACT_TOTAL_CAP + 1}) capped`,
    matches.params,
  );
  if (n <= EXACT_TOTAL_CAP) return { count: n, estimate: false };
  const past =
    estimated ?? rowsOf(await run(`EXPLAIN (FORMAT JSON) ${matches.sql}`, matches.params))['Plan Rows'];
  return { count: Math.max(EXACT_TOTAL_CAP + 1, Math.round(past)), estimate: true };
}

/** The search is one word (a single lexeme once parsed), whose match estimate the planner takes from statistics. */
async function isOneWord(run: RunSql, q: string): Promise<boolean> {
  const [{ nodes }] = await run<{ nodes: number }>(`SELECT numnode(${tsquery('$1')})::int AS nodes`, [q]);
  return nodes === 1;
}

/**
 * The status × priority pairs to read one by one, or null. A list sorted by creation and filtered on both reads,
 * for each pair, the range of `tickets_status_priority_created_idx` in creation order, and merges them: the
 * page costs about the same at any depth, instead of walking the recency index past every non-matching ticket.
 */
function pairsOf(f: TicketFilter, sort: TicketSort): Array<[string, string]> | null {
  if (sort !== '-createdAt' && sort !== 'createdAt') return null;
  if (!f.statuses?.length || !f.priorities?.length || f.q) return null;
  // a value named twice would read its range twice and list its tickets twice
  const statuses = [...new Set(f.statuses)];
  const priorities = [...new Set(f.priorities)];
  if (statuses.length * priorities.length > MAX_PAIRS) return null;
  return statuses.flatMap((s) => priorities.map((pr): [string, string] => [s, pr]));
}

/**
 * One page of the list and its total (by cursor or by page number, up to limit + 1 rows: the extra one says there
 * is more): the page query and the count in parallel. A full-text list first asks the planner's estimates, which choose the form of its
 * text condition and may stand for the total.
 */
export async function listTicketRows(
  run: RunSql,
  scope: AccessScope,
  filter: TicketFilter,
  sort: TicketSort,
  paging: TicketPaging,
): Promise<TicketListResult> {
  const spec = SORTS[sort];
  const cursor = paging.cursor !== undefined ? decodeCursor(paging.cursor, sort) : undefined; // a bad cursor is a 400
  // one row past the page says whether more follow (nextCursor), whatever the total says
  const limit = paging.limit + 1;
  const offset = paging.cursor === undefined ? (paging.page - 1) * paging.limit : 0;

  let pageForm: TextForm = 'set';
  let countForm: TextForm = 'set';
  let estimated: number | undefined;
  if (filter.q) {
    const e = await textEstimates(run, scope, filter);
    estimated = e.matching;
    // rows the row form reads: the recency index up to the page (or only the caller's tickets, if fewer); the
    // set form reads every match of the term
    const walked = e.all > 0 ? ((offset + limit) * e.all) / Math.max(e.matching, 1) : Infinity;
    pageForm = Math.min(walked, e.withoutText) < e.termMatches ? 'row' : 'set';
    countForm = e.withoutText < e.termMatches ? 'row' : 'set';
  }

  const pp = new SqlParams();
  const keyExprs = [...spec.keys.map((k) => k.expr), 't.id'];
  const order = keyExprs.map((e) => `${e} ${spec.direction}`).join(', ');
  const keyColumns = spec.keys.map((k, i) => `(${k.expr})::text AS k${i}`).join(', ');
  const pairs = pairsOf(filter, sort);
  // with pairs, each branch names its own status and priority instead of the lists
  const pageFilter = pairs ? { ...filter, statuses: undefined, priorities: undefined } : filter;
  const pageConditions = filterConditions(scope, pageFilter, pp, pageForm);
  if (cursor) {
    const after = [
      ...spec.keys.map((k, i) => `${pp.add(cursor.k[i])}::${k.cast}`),
      `${pp.add(cursor.id)}::uuid`,
    ];
    pageConditions.push(
      `(${keyExprs.join(', ')}) ${spec.direction === 'DESC' ? '<' : '>'} (${after.join(', ')})`,
    );
  }
  // the page reads plain merged_into_id: the caller's view of it is taken once over the page, not in every branch
  let page: string;
  if (pairs) {
    const upTo = pp.add(offset + limit); // no branch needs more rows than the page and those before it
    const branches = pairs.map(
      ([status, priority]) =>
        `(SELECT ${TICKET_COLUMNS}, ${keyColumns} FROM tickets t
          WHERE ${pageConditions.join(' AND ')} AND t.status = ${pp.add(status)}::ticket_status
            AND t.priority = ${pp.add(priority)}::ticket_priority
          ORDER BY ${order} LIMIT ${upTo})`,
    );
    page = `SELECT * FROM (${branches.join(' UNION ALL ')}) u
           ORDER BY u.created_at ${spec.direction}, u.id ${spec.direction}
           LIMIT ${pp.add(limit)} OFFSET ${pp.add(offset)}`;
  } else {
    page = `SELECT ${TICKET_COLUMNS}, ${keyColumns} FROM tickets t WHERE ${pageConditions.join(' AND ')}
           ORDER BY ${order} LIMIT ${pp.add(limit)} OFFSET ${pp.add(offset)}`;
  }
  // The caller's view of merged_into_id: a search (which sends an estimate too) wraps the page in it, staying at 3
  // statements; a list checks only a page's merged tickets, apart: wrapping costs more planning than the page.
  const [rows, total] = await Promise.all([
    filter.q
      ? run<ListedRow>(
          `SELECT ${ticketColumnsFor(scope, pp)}, ${spec.keys.map((_, i) => `t.k${i}`).join(', ')}
           FROM (${page}) t ORDER BY ${order}`,
          pp.values,
        )
      : run<ListedRow>(page, pp.values).then((found) => readableMerges(run, scope, found)),
    cappedTotal(run, matchesOf(scope, filter, countForm), estimated, filter.q),
  ]);
  // a page by number that ends the result set tells the total exactly, whatever the estimate said
  const ends = rows.length <= paging.limit && (rows.length > 0 || offset === 0);
  if (total.estimate && paging.cursor === undefined && ends)
    return { rows, total: { count: offset + rows.length, estimate: false } };
  return { rows, total };
}
