/**
 * The floor: a bare Fastify + pg server that answers the bench's requests with the same SQL as the service
 * (same columns, the same scope condition for the bench agent, the same filters, list + count in parallel), but
 * without Nest, guards, JWT and session checks, validation pipes, the response envelope or cache invalidation. A
 * create runs the service's filing statements and a message the service's statements for a plain reply (see below). Run as a child process by run.ts; configured through the environment:
 *
 *   FLOOR_PORT, FLOOR_DATABASE_URL, FLOOR_POOL_SIZE,
 *   FLOOR_AGENT_ID, FLOOR_AGENT_DEPARTMENT_ID (the scope of reads and the author of messages),
 *   FLOOR_REQUESTER_ID (the requester of created tickets)
 */
import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import { Pool } from 'pg';
import {
  loadClaimSql,
  loadPidSql,
  loadRecordedMessageSql,
  loadSummarySql,
  loadTicketListSql,
  summaryParams,
} from './report-sql';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const port = Number(required('FLOOR_PORT'));
const agentId = required('FLOOR_AGENT_ID');
const agentDepartmentId = required('FLOOR_AGENT_DEPARTMENT_ID');
const requesterId = required('FLOOR_REQUESTER_ID');
const pool = new Pool({
  connectionString: required('FLOOR_DATABASE_URL'),
  max: Number(process.env.FLOOR_POOL_SIZE ?? 10),
  options: '-c jit=off', // as the service's pool
});

const TICKET_COLUMNS = `t.id, t.pid, t.title, t.description, t.status, t.priority, t.requester_id,
  t.department_id, t.team_id, t.assignee_id, t.service_item_id, t.category_id, t.tags, t.visibility,
  t.custom_fields, t.due_at, t.first_response_at, t.resolved_at, t.closed_at, t.created_at, t.updated_at,
  t.version, t.priority_rank, t.merged_into_id, t.sla_first_response_minutes, t.sla_resolution_minutes,
  t.first_response_due_at, t.first_response_breached_at, t.first_response_met, t.resolution_breached_at,
  t.resolution_met`;

/** The ticket's event snapshot (the service's `ticketSnapshot`), from a row of TICKET_COLUMNS. */
const snapshotOf = (t: Record<string, unknown>): Record<string, unknown> => ({
  id: t.id,
  pid: t.pid,
  title: t.title,
  status: t.status,
  priority: t.priority,
  requesterId: t.requester_id,
  assigneeId: t.assignee_id,
  departmentId: t.department_id,
  teamId: t.team_id,
  visibility: t.visibility,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PID = /^TKT-\d{6}-\d{6,}$/;

/** `p.add(value)` returns `$n`, as the service's SqlParams does. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The service's scope condition for an AGENT of a department. */
function agentScope(p: Params): string {
  const uid = p.add(agentId);
  return `(t.requester_id = ${uid} OR t.assignee_id = ${uid}
    OR t.id = ANY (ARRAY(SELECT g.ticket_id FROM ticket_access_grants g WHERE g.user_id = ${uid}))
    OR (t.department_id = ${p.add(agentDepartmentId)} AND t.visibility = 'INTERNAL'))`;
}

const list = (raw: string | undefined): string[] =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

interface ListQuery {
  status?: string;
  priority?: string;
  q?: string;
  limit?: string;
  page?: string;
  cursor?: string;
}

interface CreateBody {
  title: string;
  description: string;
  priority?: string;
  departmentId?: string;
  tags?: string[];
}

const app = Fastify({ logger: false });

// the request path's floor: what GET /health/live answers, from a bare Fastify route
app.get('/hello', () => ({ status: 'ok' }));

app.get('/health', async () => {
  await pool.query('SELECT 1');
  return { ok: true };
});

app.get<{ Params: { id: string } }>('/api/v1/tickets/:id', async (request, reply) => {
  const ref = request.params.id;
  const column = UUID.test(ref) ? 't.id' : PID.test(ref) ? 't.pid' : null;
  if (!column) return reply.code(404).send({ error: 'not found' });
  const p = new Params();
  const key = p.add(ref);
  const { rows } = await pool.query(
    `SELECT ${TICKET_COLUMNS} FROM tickets t WHERE ${column} = ${key} AND ${agentScope(p)}`,
    p.values,
  );
  if (rows.length === 0) return reply.code(404).send({ error: 'not found' });
  return rows[0] as unknown;
});

// the list, as the service answers it for the agent: the service's own list SQL (estimate, page, capped count)
const listTicketRows = loadTicketListSql();
const agentAccess = { kind: 'staff', userId: agentId, departmentId: agentDepartmentId } as const;
const run = async <T>(sql: string, params: unknown[]): Promise<T[]> =>
  (await pool.query(sql, params)).rows as T[];

app.get<{ Querystring: ListQuery }>('/api/v1/tickets', async (request) => {
  const query = request.query;
  const statuses = list(query.status);
  const priorities = list(query.priority);
  const filter = {
    statuses: statuses.length > 0 ? statuses : undefined,
    priorities: priorities.length > 0 ? priorities : undefined,
    q: query.q || undefined,
    // staff search the internal notes of the tickets they work, as the service does for an agent
    internalNotesOf: { userId: agentId, departmentId: agentDepartmentId },
  };
  const limit = Math.min(Math.max(Number(query.limit ?? 20) || 20, 1), 100);
  const paging = query.cursor
    ? { cursor: query.cursor, limit }
    : { page: Math.max(Number(query.page ?? 1) || 1, 1), limit };
  const { rows, total } = await listTicketRows(run, agentAccess, filter, '-createdAt', paging);
  return { data: rows.slice(0, limit), total: total.count };
});

const SUMMARY_SQL = loadSummarySql();
const PID_SQL = loadPidSql();
const CLAIM_IDEMPOTENCY_KEY_SQL = loadClaimSql();

const pidPeriodOf = (at: Date): string =>
  `${at.getUTCFullYear()}${String(at.getUTCMonth() + 1).padStart(2, '0')}`;

app.get<{ Querystring: { departmentId?: string; from?: string; to?: string } }>(
  '/api/v1/reports/summary',
  async (request) => {
    const q = request.query;
    const params = summaryParams(q.departmentId ?? null, new Date(q.from ?? 0), new Date(q.to ?? Date.now()));
    const { rows } = await pool.query(SUMMARY_SQL, params);
    return { data: rows[0] as unknown };
  },
);

/**
 * Create: the statements of the service's create, in one transaction, in the service's order: claim the
 * Idempotency-Key, file the ticket (one statement: the month's next PID number, the ticket, its CREATED history
 * row, and complete the key, all if the department is active), then write its `ticket.created` outbox event. The
 * service's SLA policy lookup, auto-assignment check and final read of the ticket are its own cost, not the floor's.
 */
app.post<{ Body: CreateBody }>('/api/v1/tickets', async (request, reply) => {
  const body = request.body;
  const key = request.headers['idempotency-key'];
  const period = pidPeriodOf(new Date());
  const title = body.title.trim();
  const priority = body.priority ?? 'MEDIUM';
  const departmentId = body.departmentId ?? null;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    if (typeof key === 'string') {
      const claimed = await client.query(CLAIM_IDEMPOTENCY_KEY_SQL, [
        requesterId,
        key,
        createHash('sha256').update(JSON.stringify(body)).digest('hex'),
      ]);
      if (claimed.rowCount !== 1) throw new Error('idempotency key already used');
    }
    const { rows } = await client.query<Record<string, unknown>>(
      `WITH counter AS (
         SELECT ticket_pid_next($1::text) AS last_value
          WHERE $7::uuid IS NULL OR EXISTS (SELECT 1 FROM departments d WHERE d.id = $7::uuid AND d.is_active)
       ), t AS (
         INSERT INTO tickets AS t (pid, title, description, status, priority, requester_id, department_id,
           service_item_id, category_id, tags, visibility, custom_fields, due_at)
         SELECT ${PID_SQL('$1::text', 'counter.last_value')}, $2, $3, $4::ticket_status, $5::ticket_priority,
           $6::uuid, $7::uuid, $8::uuid, $9::uuid, $10::text[], $11::ticket_visibility, $12::jsonb, $13::timestamptz
         FROM counter
         RETURNING ${TICKET_COLUMNS}
       ), history AS (
         INSERT INTO ticket_history (ticket_id, type, actor_id, details, internal)
         SELECT t.id, 'CREATED', $6::uuid, $14::jsonb, false FROM t
       ), idempotency AS (
         UPDATE idempotency_keys SET ticket_id = t.id FROM t WHERE user_id = $6::uuid AND key = $15
       )
       SELECT * FROM t`,
      [
        period,
        title,
        body.description,
        'OPEN',
        priority,
        requesterId,
        departmentId,
        null,
        null,
        (body.tags ?? []).map((tag) => tag.trim().toLowerCase()),
        'INTERNAL',
        '{}',
        null,
        JSON.stringify({ status: 'OPEN', priority, departmentId }),
        typeof key === 'string' ? key : null,
      ],
    );
    const t = rows[0];
    const snapshot = snapshotOf(t);
    await client.query(
      `INSERT INTO outbox_events (type, aggregate_id, payload, trace_context) VALUES ($1, $2, $3, $4)
       RETURNING id, occurred_at`,
      [
        'ticket.created',
        t.id,
        JSON.stringify({ actorId: requesterId, data: { ticket: snapshot, channel: 'api' } }),
        null,
      ],
    );
    await client.query('COMMIT');
    return reply.code(201).send(t);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
});

/**
 * Add message: the service's statements for a message that changes nothing else on its ticket, prepared as the
 * service prepares them: the scoped read of the ticket, then its one statement writing the message, its history row
 * and its outbox event while the ticket is still at the version read (`recordedMessageSql`, from the build). The
 * service's checks (may this caller write here, is it a first response or a reopening reply) are its own cost.
 */
const recordedMessage = loadRecordedMessageSql();

app.post<{
  Params: { id: string };
  Querystring: { 'insert-only'?: string };
  Body: { body: string; internal?: boolean };
}>('/api/v1/tickets/:id/messages', async (request, reply) => {
  const internal = request.body.internal ?? false;
  // the `message-insert` scenario's floor: the message's INSERT alone, as the floor of earlier runs
  if (request.query['insert-only'] === 'true') {
    const { rows } = await pool.query(
      `INSERT INTO ticket_messages (ticket_id, author_id, body, internal, source, external_message_id)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, ticket_id, author_id, body, internal, created_at`,
      [request.params.id, agentId, request.body.body, internal, 'api', null],
    );
    return reply.code(201).send(rows[0]);
  }
  const p = new Params();
  const key = p.add(request.params.id);
  const read = await pool.query<Record<string, unknown>>({
    name: 'floor-message-read',
    text: `SELECT ${TICKET_COLUMNS} FROM tickets t WHERE t.id = ${key} AND ${agentScope(p)}`,
    values: p.values,
  });
  const t = read.rows[0];
  if (!t) return reply.code(404).send({ error: 'not found' });
  const statement = recordedMessage({
    message: { ticketId: String(t.id), authorId: agentId, body: request.body.body, internal },
    records: {
      ticket: { id: String(t.id), version: Number(t.version) },
      scope: { kind: 'staff', userId: agentId, departmentId: agentDepartmentId },
      historyType: internal ? 'NOTE_ADDED' : 'MESSAGE_ADDED',
      event: {
        type: internal ? 'ticket.note_added' : 'ticket.message_added',
        aggregateId: String(t.id),
        payload: JSON.stringify({
          actorId: agentId,
          data: {
            ticket: snapshotOf(t),
            messageId: '',
            internal,
            authorId: agentId,
            byRequester: agentId === t.requester_id,
          },
        }),
        traceContext: null,
      },
    },
  });
  const { rows } = await pool.query({ name: 'floor-message-write', ...statement });
  if (rows.length === 0) return reply.code(409).send({ error: 'changed' });
  return reply.code(201).send(rows[0]);
});

async function shutdown(): Promise<void> {
  await app.close();
  await pool.end();
  process.exit(0);
}

process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());

app
  .listen({ port, host: '127.0.0.1' })
  .then(() => process.stdout.write(`floor listening on http://127.0.0.1:${port}\n`))
  .catch((err: unknown) => {
    process.stderr.write(`floor failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
