import { AccessScope, isUnrestricted } from '../../../common/auth/scope-policy';
import { Page } from '../../../common/pagination/page';
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
import { mergedIntoSql, ticketColumnsFor } from './ticket-timeline.sql';
import { cursorOf } from './ticket-keyset';
import { listTicketRows } from './ticket-list.sql';
import { PID_SQL } from './pid.sql';
import { TICKET_COLUMNS, TicketRow, toTicket } from './ticket-row.mapper';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

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

@SqlAdapter(TicketRepository)
export class SqlTicketRepository extends SqlRepository implements TicketRepository {
  async file(t: NewTicket, filing: TicketFiling): Promise<Ticket | null> {
    const p = new SqlParams();
    const period = `${p.add(filing.period)}::text`;
    const key = filing.idempotencyKey;
    const department = p.add(t.departmentId);
    // data-modifying CTEs: the department check, the number, the ticket, its history and its key in one round trip;
    // the check is a one-time filter evaluated first, so a refused ticket takes no number; prepared (two texts: with
    // and without an idempotency key), as it runs for every ticket created
    const [row] = await this.preparedRows<TicketRow>(
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

  async takePid(period: string, departmentId: string | null): Promise<string | null> {
    const row = await this.one<{ pid: string }>(
      `WITH counter AS (
         SELECT ticket_pid_next($1::text) AS last_value
          WHERE $2::uuid IS NULL OR EXISTS (SELECT 1 FROM departments d WHERE d.id = $2::uuid AND d.is_active)
       )
       SELECT ${PID_SQL('$1::text', 'counter.last_value')} AS pid FROM counter`,
      [period, departmentId],
    );
    return row?.pid ?? null;
  }

  private async findOne(scope: AccessScope, ref: TicketRef, lock: boolean): Promise<Ticket | null> {
    const p = new SqlParams();
    const where = 'id' in ref ? `t.id = ${p.add(ref.id)}` : `t.pid = ${p.add(ref.pid)}`;
    // prepared: one text per scope kind, key and lock, read on every request that names a ticket
    const [row] = await this.preparedRows<TicketRow>(
      `SELECT ${ticketColumnsFor(scope, p)} FROM tickets t WHERE ${where} AND ${scopeCondition(scope, p)}
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

  async seenBy(scope: AccessScope, ticket: Ticket): Promise<Ticket> {
    if (ticket.mergedIntoId === null || isUnrestricted(scope)) return ticket;
    const p = new SqlParams();
    const id = p.add(ticket.id);
    const row = await this.one<{ merged_into_id: string | null }>(
      `SELECT ${mergedIntoSql(scope, p)} AS merged_into_id FROM tickets t WHERE t.id = ${id}`,
      p.values,
    );
    return { ...ticket, mergedIntoId: row?.merged_into_id ?? null };
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
    this.uow.noteRowWrite('tickets', id);
    const [row] = await this.rows<TicketRow>(
      `UPDATE tickets t SET ${sets.join(', ')} WHERE t.id = ${p.add(id)}${versionCheck} RETURNING ${TICKET_COLUMNS}`,
      p.values,
    );
    return row ? toTicket(row) : null;
  }

  async list(
    scope: AccessScope,
    filter: TicketFilter,
    sort: TicketSort,
    paging: TicketPaging,
  ): Promise<Page<Ticket>> {
    const { rows, total } = await listTicketRows(
      (sql, params) => this.rows(sql, params),
      scope,
      filter,
      sort,
      paging,
    );
    // the row past the page, when there is one, says more follow: no cursor to a page without rows
    const more = rows.length > paging.limit;
    const items = more ? rows.slice(0, paging.limit) : rows;
    const next = more ? cursorOf(items[items.length - 1], sort) : null;
    const page = paging.cursor !== undefined ? 1 : paging.page;
    return new Page(items.map(toTicket), page, paging.limit, total.count, next, total.estimate);
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
