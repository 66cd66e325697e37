import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { ValidationFailedError } from '../src/common/errors/domain-errors';
import { Transaction } from '../src/common/unit-of-work';
import { TypeOrmUnitOfWork } from '../src/infrastructure/database/typeorm-unit-of-work';
import { Ticket } from '../src/modules/tickets/domain/ticket';
import { TicketLifecycle } from '../src/modules/tickets/ticket-lifecycle.port';
import { startTestApp } from './support/app';
import { makeDepartment, makeUser, sql, TestUser, unique } from './support/factories';
import { bearer, login } from './support/http';

/** The in-transaction observer port other modules (approvals, SLA) build on. */
describe('ticket lifecycle observers (e2e)', () => {
  let app: NestFastifyApplication;
  const calls: Array<{ hook: string; ticketId: string; seen: Record<string, unknown>; extra: unknown[] }> =
    [];
  const REFUSE = 'refused-by-observer';

  let requester: TestUser;
  let agent: TestUser;
  let departmentId: string;
  const auth = new Map<string, [string, string]>();
  const as = async (u: TestUser) => {
    if (!auth.has(u.id)) auth.set(u.id, bearer(await login(app, u.email, u.password)));
    return auth.get(u.id)!;
  };

  beforeAll(async () => {
    app = await startTestApp();
    const uow = app.get(TypeOrmUnitOfWork);
    // what the transaction handle sees: the row as this (uncommitted) transaction has written it
    const seen = async (tx: Transaction, ticket: Ticket) => {
      const [row] = await uow
        .manager(tx)
        .query('SELECT status, priority, first_response_at FROM tickets WHERE id = $1', [ticket.id]);
      return row as Record<string, unknown>;
    };
    app.get(TicketLifecycle).register({
      onCreated: async (tx, ticket) => {
        if (ticket.title.includes(REFUSE)) {
          throw new ValidationFailedError('refused', [{ field: 'title', message: 'refused' }]);
        }
        calls.push({ hook: 'created', ticketId: ticket.id, seen: await seen(tx, ticket), extra: [] });
      },
      onStatusChanged: async (tx, ticket, from, to, actorId) => {
        calls.push({
          hook: 'status',
          ticketId: ticket.id,
          seen: await seen(tx, ticket),
          extra: [from, to, actorId],
        });
      },
      onPriorityChanged: async (tx, ticket, from, to) => {
        calls.push({
          hook: 'priority',
          ticketId: ticket.id,
          seen: await seen(tx, ticket),
          extra: [from, to],
        });
      },
      onMessageAdded: async (tx, ticket, message) => {
        calls.push({
          hook: 'message',
          ticketId: ticket.id,
          seen: await seen(tx, ticket),
          extra: [message.internal, message.body],
        });
      },
    });
    departmentId = (await makeDepartment()).id;
    requester = await makeUser();
    agent = await makeUser({ role: 'AGENT', departmentId });
  });
  afterAll(async () => {
    await app?.close();
  });

  const http = () => request(app.getHttpServer());

  it('calls every hook inside the ticket transaction with the change in place', async () => {
    const created = await http()
      .post('/api/v1/tickets')
      .set(...(await as(requester)))
      .send({ title: 'Observed ticket', description: 'd', departmentId });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;
    const mine = () => calls.filter((c) => c.ticketId === id);

    expect(mine()).toEqual([
      { hook: 'created', ticketId: id, seen: expect.objectContaining({ status: 'OPEN' }), extra: [] },
    ]);

    const patched = await http()
      .patch(`/api/v1/tickets/${id}`)
      .set(...(await as(agent)))
      .send({ priority: 'HIGH' });
    expect(patched.status).toBe(200);
    expect(mine()[1]).toEqual({
      hook: 'priority',
      ticketId: id,
      seen: expect.objectContaining({ priority: 'HIGH' }),
      extra: ['MEDIUM', 'HIGH'],
    });

    const replied = await http()
      .post(`/api/v1/tickets/${id}/messages`)
      .set(...(await as(agent)))
      .send({ body: 'On it' });
    expect(replied.status).toBe(201);
    expect(mine()[2]).toMatchObject({ hook: 'message', extra: [false, 'On it'] });
    // the first staff reply's first-response time is already written when the observer runs
    expect(mine()[2].seen.first_response_at).not.toBeNull();

    const moved = await http()
      .post(`/api/v1/tickets/${id}/status`)
      .set(...(await as(agent)))
      .send({ status: 'IN_PROGRESS' });
    expect(moved.status).toBe(200);
    expect(mine()[3]).toEqual({
      hook: 'status',
      ticketId: id,
      seen: expect.objectContaining({ status: 'IN_PROGRESS' }),
      extra: ['OPEN', 'IN_PROGRESS', agent.id],
    });
    expect(mine()).toHaveLength(4);
  });

  it('rolls the whole creation back when an observer throws', async () => {
    const title = `${REFUSE} ${unique()}`;
    const res = await http()
      .post('/api/v1/tickets')
      .set(...(await as(requester)))
      .send({ title, description: 'd', departmentId });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(await sql('SELECT id FROM tickets WHERE title = $1', [title])).toEqual([]);
    const events = await sql(`SELECT id FROM outbox_events WHERE payload->'data'->'ticket'->>'title' = $1`, [
      title,
    ]);
    expect(events).toEqual([]);
  });
});
