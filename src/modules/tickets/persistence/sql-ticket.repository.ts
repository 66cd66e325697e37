import { Injectable } from '@nestjs/common';
import { AccessScope } from '../../../common/auth/scope-policy';
import { EXACT_TOTAL_CAP, Page } from '../../../common/pagination/page';
import { lockClause, SqlParams } from '../../../infrastructure/database/sql';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { Ticket } from '../domain/ticket';
import { HistoryType, TicketStatus } from '../domain/ticket-enums';
import {
  NewTicket,
  TicketChanges,
  TicketFilter,
  TicketFiling,
  TicketPaging,
  TicketRef,
  TicketRepository,
} from '../ticket-repository.port';
import { TicketSort } from '../domain/ticket-query';
import { scopeCondition } from './ticket-scope.sql';
import { cursorOf, decodeCursor, SORTS } from './ticket-keyset';
import { PID_SQL } from './pid.sql';
import { TICKET_COLUMNS, TicketRow, toTicket } from './ticket-row.mapper';
import { MeasuredRepository } from '../../../infrastructure/database/measured-repository';

const COLUMN_OF: Record<keyof TicketChanges, string> = {
  title: 'title',
  description: 'description',
  status: 'status',
  priority: 'priority',
  tags: 'tags',
  categoryId: 'category_id',
  teamId: 'team_id',
  assigneeId: 'assignee_id',
  visibility: 'visibility',
  customFields: 'custom_fields',
  dueAt: 'due_at',
  firstResponseAt: 'first_response_at',
  resolvedAt: 'resolved_at',
  closedAt: 'closed_at',
  mergedIntoId: 'merged_into_id',
};

function internalNotesCondition(scope: TicketFilter['internalNotesOf'], p: SqlParams): string {
  if (scope === 'all') return '';
  if (scope === 'none') return ' AND NOT m.internal';
  const worked = [`w.assignee_id = ${p.add(scope.userId)}`];
  if (scope.departmentId) worked.push(`w.department_id = ${p.add(scope.departmentId)}`);
  return ` AND (NOT m.internal OR EXISTS (SELECT 1 FROM tickets w WHERE w.id = m.ticket_id AND (${worked.join(' OR ')})))`;
}

@MeasuredRepository()
@Injectable()
export class SqlTicketRepository extends SqlRepository implements TicketRepository {
  async file(t: NewTicket, filing: TicketFiling): Promise<Ticket | null> {
    const p = new SqlParams();
    const period = `${p.add(filing.period)}::text`;
    const key = filing.idempotencyKey;
    const department = p.add(t.departmentId);
    // data-modifying CTEs: the department check, the number, the ticket, its history and its key in one round trip;
    // the check is a one-time filter evaluated first, so a refused ticket takes no number
    const [row] = await this.rows<TicketRow>(
      `WITH counter AS (
         SELECT ticket_pid_next(${period}) AS last_value
          WHERE ${department}::uuid IS NULL
             OR EXISTS (SELECT 1 FROM departments d WHERE d.id = ${department}::uuid AND d.is_active)
       ), t AS (
         INSERT INTO tickets AS t (pid, title, description, status, priority, requester_id, department_id,
           service_item_id, category_id, tags, visibility, custom_fields, due_at)
         SELECT ${PID_SQL(period, 'counter.last_value')}, ${p.add(t.title)}, ${p.add(t.description)},
           ${p.add(t.status)}::ticket_status, ${p.add(t.priority)}::ticket_priority, ${p.add(t.requesterId)}::uuid,
           ${department}::uuid, ${p.add(t.serviceItemId)}::uuid, ${p.add(t.categoryId)}::uuid,
           ${p.add(t.tags)}::text[], ${p.add(t.visibility)}::ticket_visibility,
           ${p.add(JSON.stringify(t.customFields))}::jsonb, ${p.add(t.dueAt)}::timestamptz
         FROM counter
         RETURNING ${TICKET_COLUMNS}
       ), history AS (
         INSERT INTO ticket_history (ticket_id, type, actor_id, details, internal)
         SELECT t.id, ${p.add(HistoryType.CREATED)}, ${p.add(filing.created.actorId)}::uuid,
           ${p.add(JSON.stringify(filing.created.details))}::jsonb, false
         FROM t
       )${
         key
           ? `, idempotency AS (
         UPDATE idempotency_keys SET ticket_id = t.id FROM t
          WHERE user_id = ${p.add(key.userId)}::uuid AND key = ${p.add(key.key)}
       )`
           : ''
       }
       SELECT * FROM t`,
      p.values,
    );
    return row ? toTicket(row) : null;
  }

  private async findOne(scope: AccessScope, ref: TicketRef, lock: boolean): Promise<Ticket | null> {
    const p = new SqlParams();
    const where = 'id' in ref ? `t.id = ${p.add(ref.id)}` : `t.pid = ${p.add(ref.pid)}`;
    const [row] = await this.rows<TicketRow>(
      `SELECT ${TICKET_COLUMNS} FROM tickets t WHERE ${where} AND ${scopeCondition(scope, p)}
       ${lockClause(lock, 't')}`,
      p.values,
    );
    return row ? toTicket(row) : null;
  }

  findVisible(scope: AccessScope, ref: TicketRef): Promise<Ticket | null> {
    return this.findOne(scope, ref, false);
  }

  lockVisible(scope: AccessScope, id: string): Promise<Ticket | null> {
    return this.findOne(scope, { id }, true);
  }

  async update(id: string, changes: TicketChanges, expectedVersion?: number): Promise<Ticket | null> {
    const p = new SqlParams();
    const sets = (Object.keys(changes) as Array<keyof TicketChanges>)
      .filter((k) => changes[k] !== undefined)
      .map((k) => {
        const value = k === 'customFields' ? JSON.stringify(changes[k]) : changes[k];
        return `${COLUMN_OF[k]} = ${p.add(value)}`;
      });
    sets.push('version = t.version + 1', 'updated_at = now()');
    const versionCheck = expectedVersion === undefined ? '' : ` AND t.version = ${p.add(expectedVersion)}`;
    const [row] = await this.rows<TicketRow>(
      `UPDATE tickets t SET ${sets.join(', ')} WHERE t.id = ${p.add(id)}${versionCheck} RETURNING ${TICKET_COLUMNS}`,
      p.values,
    );
    return row ? toTicket(row) : null;
  }

  private filterConditions(scope: AccessScope, f: TicketFilter, p: SqlParams): string[] {
    const c = [scopeCondition(scope, p)];
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
    if (f.q) {
      const q = p.add(f.q);
      const notes = internalNotesCondition(f.internalNotesOf, p);
      // one id set per index (GIN on tickets, GIN on messages, the PID key) instead of an OR over the table
      c.push(`t.id IN (
        SELECT s.id FROM tickets s WHERE s.search_vector @@ websearch_to_tsquery('english', ${q})
        UNION SELECT s.id FROM tickets s WHERE s.pid = upper(${q})
        UNION SELECT m.ticket_id FROM ticket_messages m
          WHERE m.search_vector @@ websearch_to_tsquery('english', ${q})${notes})`);
    }
    return c;
  }

  async list(
    scope: AccessScope,
    filter: TicketFilter,
    sort: TicketSort,
    paging: TicketPaging,
  ): Promise<Page<Ticket>> {
    const spec = SORTS[sort];
    const p = new SqlParams();
    const conditions = this.filterConditions(scope, filter, p);
    const keyExprs = [...spec.keys.map((k) => k.expr), 't.id'];
    const order = keyExprs.map((e) => `${e} ${spec.direction}`).join(', ');
    const keyColumns = spec.keys.map((k, i) => `(${k.expr})::text AS k${i}`).join(', ');

    const where = conditions.join(' AND ');
    const countParams = [...p.values];

    if (paging.cursor !== undefined) {
      const cursor = decodeCursor(paging.cursor, sort); // before any query: a bad cursor is a 400
      const after = [
        ...spec.keys.map((k, i) => `${p.add(cursor.k[i])}::${k.cast}`),
        `${p.add(cursor.id)}::uuid`,
      ];
      const keyset = `(${keyExprs.join(', ')}) ${spec.direction === 'DESC' ? '<' : '>'} (${after.join(', ')})`;
      const [rows, total] = await Promise.all([
        this.rows<TicketRow & Record<string, string>>(
          `SELECT ${TICKET_COLUMNS}, ${keyColumns} FROM tickets t WHERE ${where} AND ${keyset}
           ORDER BY ${order} LIMIT ${p.add(paging.limit + 1)}`,
          p.values,
        ),
        this.cappedTotal(where, countParams),
      ]);
      return this.keysetPage(rows, sort, paging.limit, total);
    }

    const limit = p.add(paging.limit);
    const offset = p.add((paging.page - 1) * paging.limit);
    const [rows, total] = await Promise.all([
      this.rows<TicketRow & Record<string, string>>(
        `SELECT ${TICKET_COLUMNS}, ${keyColumns} FROM tickets t WHERE ${where}
         ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`,
        p.values,
      ),
      this.cappedTotal(where, countParams),
    ]);
    const last = rows[rows.length - 1];
    const more = last !== undefined && paging.page * paging.limit < total.count;
    return new Page(
      rows.map(toTicket),
      paging.page,
      paging.limit,
      total.count,
      more ? cursorOf(last, sort) : null,
      total.estimate,
    );
  }

  /**
   * The number of matching tickets, counted exactly up to EXACT_TOTAL_CAP: counting stops there, so no request counts
   * more rows than that. Past the cap, the planner's estimate for the same condition (at least the cap + 1).
   */
  private async cappedTotal(where: string, params: unknown[]): Promise<{ count: number; estimate: boolean }> {
    const [{ n }] = await this.rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM tickets t WHERE ${where} LIMIT ${EXACT_TOTAL_CAP + 1}) capped`,
      params,
    );
    if (n <= EXACT_TOTAL_CAP) return { count: n, estimate: false };
    const [plan] = await this.rows<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(
      `EXPLAIN (FORMAT JSON) SELECT 1 FROM tickets t WHERE ${where}`,
      params,
    );
    const estimated = Math.round(plan['QUERY PLAN'][0].Plan['Plan Rows']);
    return { count: Math.max(EXACT_TOTAL_CAP + 1, estimated), estimate: true };
  }

  private keysetPage(
    rows: Array<TicketRow & Record<string, string>>,
    sort: TicketSort,
    limit: number,
    total: { count: number; estimate: boolean },
  ) {
    const more = rows.length > limit;
    const items = more ? rows.slice(0, limit) : rows;
    const next = more ? cursorOf(items[items.length - 1], sort) : null;
    return new Page(items.map(toTicket), 1, limit, total.count, next, total.estimate);
  }

  async countByStatus(scope: AccessScope, departmentId?: string): Promise<Record<TicketStatus, number>> {
    const p = new SqlParams();
    const conditions = [scopeCondition(scope, p)];
    if (departmentId) conditions.push(`t.department_id = ${p.add(departmentId)}`);
    const rows = await this.rows<{ status: TicketStatus; n: string }>(
      `SELECT t.status, count(*) AS n FROM tickets t WHERE ${conditions.join(' AND ')} GROUP BY t.status`,
      p.values,
    );
    const counts = Object.fromEntries(Object.values(TicketStatus).map((s) => [s, 0])) as Record<
      TicketStatus,
      number
    >;
    for (const r of rows) counts[r.status] = Number(r.n);
    return counts;
  }
}
