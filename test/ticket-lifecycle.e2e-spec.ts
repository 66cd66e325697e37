import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ValidationFailedError } from '../src/common/errors/domain-errors';
import { Transaction } from '../src/common/unit-of-work';
import { TypeOrmUnitOfWork } from '../src/infrastructure/database/typeorm-unit-of-work';
import { Ticket } from '../src/modules/tickets/domain/ticket';
import { TicketLifecycle } from '../src/modules/tickets/ticket-lifecycle.port';
import { startTestApp } from './support/app';
import { makeDepartment, makeUser, sql, TestUser, unique } from './support/factories';
import { testApi } from './support/api';

/** The in-transaction observer port other modules (approvals, SLA) build on. */
describe('ticket lifecycle observers (e2e)', () => {
  let app: NestFastifyApplication;
  const calls: Array<{ hook: string; ticketId: string; seen: Record<string, unknown>; extra: unknown[] }> =
    [];
  const REFUSE = 'refused-by-observer';

  let requester: TestUser;
  let agent: TestUser;
  let departmentId: string;
  const { post, patch } = testApi(() => app);

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
    /** notes a call of `hook` with what its transaction sees of the ticket */
    const record = async (hook: string, tx: Transaction, ticket: Ticket, extra: unknown[]) => {
      calls.push({ hook, ticketId: ticket.id, seen: await seen(tx, ticket), extra });
    };
    app.get(TicketLifecycle).register({
      onCreated: async (tx, ticket) => {
        if (ticket.title.includes(REFUSE)) {
          throw new ValidationFailedError('refused', [{ field: 'title', message: 'refused' }]);
        }
        await record('created', tx, ticket, []);
      },
      onStatusChanged: (tx, ticket, from, to, actorId) => record('status', tx, ticket, [from, to, actorId]),
      onPriorityChanged: (tx, ticket, from, to) => record('priority', tx, ticket, [from, to]),
      onMessageAdded: (tx, ticket, message) =>
        record('message', tx, ticket, [message.internal, message.body]),
    });
    departmentId = (await makeDepartment()).id;
    requester = await makeUser();
    agent = await makeUser({ role: 'AGENT', departmentId });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('calls every hook inside the ticket transaction with the change in place', async () => {
    const created = await post(requester, '/tickets', {
      title: 'Observed ticket',
      description: 'd',
      departmentId,
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;
    const mine = () => calls.filter((c) => c.ticketId === id);

    expect(mine()).toEqual([
      { hook: 'created', ticketId: id, seen: expect.objectContaining({ status: 'OPEN' }), extra: [] },
    ]);

    const patched = await patch(agent, `/tickets/${id}`, { priority: 'HIGH' });
    expect(patched.status).toBe(200);
    expect(mine()[1]).toEqual({
      hook: 'priority',
      ticketId: id,
      seen: expect.objectContaining({ priority: 'HIGH' }),
      extra: ['MEDIUM', 'HIGH'],
    });

    const replied = await post(agent, `/tickets/${id}/messages`, { body: 'On it' });
    expect(replied.status).toBe(201);
    expect(mine()[2]).toMatchObject({ hook: 'message', extra: [false, 'On it'] });
    // the first staff reply's first-response time is already written when the observer runs
    expect(mine()[2].seen.first_response_at).not.toBeNull();

    const moved = await post(agent, `/tickets/${id}/status`, { status: 'IN_PROGRESS' });
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
    const res = await post(requester, '/tickets', { title, description: 'd', departmentId });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(await sql('SELECT id FROM tickets WHERE title = $1', [title])).toEqual([]);
    const events = await sql(`SELECT id FROM outbox_events WHERE payload->'data'->'ticket'->>'title' = $1`, [
      title,
    ]);
    expect(events).toEqual([]);
  });
});
