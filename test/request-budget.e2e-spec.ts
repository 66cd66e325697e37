import { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { currentRequestContext } from '../src/common/request-context';
import { EventType } from '../src/common/events/domain-event';
import { TicketMessageRepository } from '../src/modules/tickets/ticket-message-repository.port';
import { ProcessReferenceCache } from '../src/common/cache/process-reference-cache';
import { startTestApp } from './support/app';
import { makeDepartment, makeTicket, makeUser, sql } from './support/factories';
import { bearer, login, Session } from './support/http';

/**
 * What one authenticated request costs in round trips: the SQL statements PostgreSQL receives (counted where every
 * query leaves, pg's Client#query, and attributed to the request through its context) and the Redis commands about
 * session state (counted on the application's Redis client).
 */
describe('round trips per authenticated request (e2e)', () => {
  let app: NestFastifyApplication;
  const http = () => request(app.getHttpServer());
  const statements = new Map<string, string[]>();
  const redisCommands: Array<{ name: string; args: string[] }> = [];
  const originalQuery = Client.prototype.query;
  let agent: Session;
  let agentId: string;
  let departmentId: string;
  let ticket: { id: string; pid: string };

  beforeAll(async () => {
    app = await startTestApp();
    // the creation budget below counts on reference data being kept, which starts once changes are heard
    await app.get(ProcessReferenceCache).whenListening();
    Client.prototype.query = function (this: Client, ...args: unknown[]): unknown {
      const requestId = currentRequestContext()?.requestId;
      if (requestId) {
        const first = args[0];
        const text = typeof first === 'string' ? first : String((first as { text?: unknown }).text);
        statements.set(requestId, [...(statements.get(requestId) ?? []), text]);
      }
      return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof originalQuery;
    const redis = app.get(Redis);
    const send = redis.sendCommand.bind(redis);
    redis.sendCommand = (command: { name: string; args: unknown[] }, ...rest: unknown[]) => {
      redisCommands.push({ name: command.name, args: command.args.map(String) });
      return (send as (...a: unknown[]) => unknown)(command, ...rest);
    };

    const dept = await makeDepartment();
    departmentId = dept.id;
    const user = await makeUser({ role: 'AGENT', departmentId });
    agentId = user.id;
    agent = await login(app, user.email, user.password);
    const requester = await makeUser();
    ticket = await makeTicket({ requesterId: requester.id, departmentId });
  });
  afterAll(async () => {
    Client.prototype.query = originalQuery;
    await app?.close();
  });

  /** Sends the request twice (the first fills the caches) and returns what the second one cost. */
  async function costOf(path: string): Promise<{ sql: string[]; sessionRedis: string[] }> {
    await http()
      .get(path)
      .set(...bearer(agent))
      .expect(200);
    redisCommands.length = 0;
    const res = await http()
      .get(path)
      .set(...bearer(agent))
      .expect(200);
    const id = res.headers['x-request-id'];
    const sessionRedis = redisCommands
      .filter((c) => c.args.some((a) => a.includes('auth:')))
      .map((c) => `${c.name} ${c.args.join(' ')}`);
    return { sql: statements.get(id) ?? [], sessionRedis };
  }

  it('checks the session of an authenticated request in one Redis round trip', async () => {
    const { sessionRedis } = await costOf('/api/v1/auth/me');
    expect(sessionRedis).toHaveLength(1);
    expect(sessionRedis[0]).toMatch(/^mget /);
  });

  it('still sees a change of department made through the API on the next request', async () => {
    await costOf('/api/v1/tickets/' + ticket.id); // the state is cached now
    const other = await makeDepartment();
    const admin = await makeUser({ role: 'ADMIN' });
    const adminSession = await login(app, admin.email, admin.password);
    await http()
      .patch(`/api/v1/staff/${agentId}`)
      .set(...bearer(adminSession))
      .send({ departmentId: other.id })
      .expect(200);
    await http()
      .get(`/api/v1/tickets/${ticket.id}`)
      .set(...bearer(agent))
      .expect(404);
    await http()
      .patch(`/api/v1/staff/${agentId}`)
      .set(...bearer(adminSession))
      .send({ departmentId })
      .expect(200);
    await http()
      .get(`/api/v1/tickets/${ticket.id}`)
      .set(...bearer(agent))
      .expect(200);
  });

  it('writes a reply that changes nothing else in one statement after the read, with its history and event', async () => {
    const requester = await makeUser();
    const target = await makeTicket({ requesterId: requester.id, departmentId });
    const reply = async (body: string) => {
      const res = await http()
        .post(`/api/v1/tickets/${target.id}/messages`)
        .set(...bearer(agent))
        .send({ body })
        .expect(201);
      return { id: res.body.data.id as string, sql: statements.get(res.headers['x-request-id']) ?? [] };
    };
    const first = await reply('first response'); // stamps the first response: a transaction of its own
    expect(first.sql).toContain('START TRANSACTION');
    const second = await reply('and a plain reply');
    expect(second.sql).toHaveLength(2);
    expect(second.sql.join('\n')).not.toMatch(/START TRANSACTION|COMMIT/);
    const history = await sql<{ type: string; details: { messageId: string }; actor_id: string }>(
      `SELECT type, details, actor_id FROM ticket_history WHERE ticket_id = $1 AND type = 'MESSAGE_ADDED'
        ORDER BY created_at, id`,
      [target.id],
    );
    expect(history.map((h) => h.details.messageId)).toEqual([first.id, second.id]);
    expect(history[1].actor_id).toBe(agentId);
    const events = await sql<{ payload: { actorId: string; data: Record<string, unknown> } }>(
      `SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND type = 'ticket.message_added'
        ORDER BY occurred_at, id`,
      [target.id],
    );
    expect(events.map((e) => e.payload.data.messageId)).toEqual([first.id, second.id]);
    expect(events[1].payload).toEqual({
      actorId: agentId,
      data: {
        ticket: expect.objectContaining({ id: target.id, pid: target.pid, departmentId }),
        messageId: second.id,
        internal: false,
        authorId: agentId,
        byRequester: false,
      },
    });
  });

  it('writes nothing for a reply to a ticket that changed since it was read', async () => {
    const requester = await makeUser();
    const target = await makeTicket({ requesterId: requester.id, departmentId });
    const [{ version }] = await sql<{ version: number }>('SELECT version FROM tickets WHERE id = $1', [
      target.id,
    ]);
    const added = await app.get(TicketMessageRepository).addRecorded(
      { ticketId: target.id, authorId: agentId, body: 'stale', internal: false },
      {
        ticket: { id: target.id, version: version - 1 },
        scope: { kind: 'all' },
        historyType: 'MESSAGE_ADDED',
        event: {
          type: EventType.TICKET_MESSAGE_ADDED,
          aggregateId: target.id,
          payload: '{}',
          traceContext: null,
        },
      },
    );
    expect(added).toBeNull();
    const written = await sql<{ n: string }>(
      `SELECT (SELECT count(*) FROM ticket_messages WHERE ticket_id = $1)
            + (SELECT count(*) FROM ticket_history WHERE ticket_id = $1 AND type = 'MESSAGE_ADDED')
            + (SELECT count(*) FROM outbox_events WHERE aggregate_id = $1 AND type = 'ticket.message_added') AS n`,
      [target.id],
    );
    expect(Number(written[0].n)).toBe(0);
  });

  it('creates a ticket in one transaction of 5 statements when nothing reacts to it', async () => {
    const requester = await makeUser();
    const session = await login(app, requester.email, requester.password);
    const create = async () => {
      const res = await http()
        .post('/api/v1/tickets')
        .set(...bearer(session))
        .set('Idempotency-Key', randomUUID())
        .send({ title: 'Counted', description: 'd', departmentId })
        .expect(201);
      return statements.get(res.headers['x-request-id']) ?? [];
    };
    // the first creation in the department reads its SLA policies, calendar and auto-assign flag, and keeps them
    const first = await create();
    expect(first.join('\n')).toMatch(/sla_policies/);
    expect(first.join('\n')).toMatch(/auto_assign/);
    const sent = await create();
    expect(sent[0]).toBe('START TRANSACTION');
    expect(sent.at(-1)).toBe('COMMIT');
    // the Idempotency-Key's claim, the filing (ticket, history, key) and the event
    expect(sent).toHaveLength(5);
    expect(sent.join('\n')).not.toMatch(/sla_policies|auto_assign/);
  });

  it.each([
    ['GET /auth/me', () => '/api/v1/auth/me'],
    ['GET /tickets/:id by id', () => `/api/v1/tickets/${ticket.id}`],
    ['GET /tickets/:id by PID', () => `/api/v1/tickets/${ticket.pid}`],
    ['GET /tickets with filters', () => '/api/v1/tickets?status=OPEN,IN_PROGRESS&priority=MEDIUM&limit=20'],
    ['GET /tickets searching', () => '/api/v1/tickets?q=seeded&limit=20'],
    ['GET /tickets/:id/messages', () => `/api/v1/tickets/${ticket.id}/messages`],
    ['GET /tickets/:id/history', () => `/api/v1/tickets/${ticket.id}/history`],
  ])('%s sends at most 3 SQL statements', async (_name, path) => {
    const { sql: sent } = await costOf(path());
    expect(sent.length).toBeGreaterThan(0); // the counting works
    expect(sent.length).toBeLessThanOrEqual(3);
  });

  /**
   * Two CLOSED tickets of the agent's department (of `priority`), one merged into a ticket the agent may read, one
   * into another department's.
   */
  async function mergedPair(priority = 'MEDIUM') {
    const requester = await makeUser();
    const other = await makeDepartment();
    const readable = await makeTicket({ requesterId: requester.id, departmentId });
    const hidden = await makeTicket({ requesterId: requester.id, departmentId: other.id });
    const intoReadable = await makeTicket({ requesterId: requester.id, departmentId, priority });
    const intoHidden = await makeTicket({ requesterId: requester.id, departmentId, priority });
    for (const [source, target] of [
      [intoReadable, readable],
      [intoHidden, hidden],
    ])
      await sql(`UPDATE tickets SET status = 'CLOSED', merged_into_id = $1 WHERE id = $2`, [
        target.id,
        source.id,
      ]);
    return { intoReadable, intoHidden, readable };
  }

  it('checks the targets of the merged tickets a list page holds in one more statement, still at most 3', async () => {
    const { intoReadable, intoHidden, readable } = await mergedPair('URGENT');
    const path = '/api/v1/tickets?status=CLOSED&priority=URGENT&limit=20';
    const { sql: sent } = await costOf(path);
    expect(sent.length).toBeLessThanOrEqual(3);
    expect(sent.filter((s) => /t\.id = ANY\(/.test(s))).toHaveLength(1);
    const res = await http()
      .get(path)
      .set(...bearer(agent))
      .expect(200);
    const byId = new Map(
      (res.body.data as Array<{ id: string; mergedIntoId: string | null }>).map((t) => [t.id, t]),
    );
    expect(byId.get(intoReadable.id)?.mergedIntoId).toBe(readable.id);
    expect(byId.get(intoHidden.id)?.mergedIntoId).toBeNull();
  });

  it('reads a merged ticket by id and by PID in at most 3 statements, naming its target only when readable', async () => {
    const { intoReadable, intoHidden, readable } = await mergedPair();
    for (const [source, shown] of [
      [intoReadable, readable.id],
      [intoHidden, null],
    ] as const)
      for (const ref of [source.id, source.pid]) {
        const path = `/api/v1/tickets/${ref}`;
        const { sql: sent } = await costOf(path);
        expect(sent.length).toBeGreaterThan(0);
        expect(sent.length).toBeLessThanOrEqual(3);
        const res = await http()
          .get(path)
          .set(...bearer(agent))
          .expect(200);
        expect(res.body.data).toMatchObject({ id: source.id, status: 'CLOSED', mergedIntoId: shown });
      }
  });
});
