import { randomUUID } from 'node:crypto';
import { makeDepartment, makeUser, sql, TestUser, unique } from './support/factories';
import { ticketSuite } from './support/ticket-suite';

describe('macros (e2e)', () => {
  const { w, http, as, seedTicket } = ticketSuite();
  let agentA2: TestUser;

  const createMacro = async (who: TestUser, body: Record<string, unknown>) =>
    http()
      .post('/api/v1/macros')
      .set(...(await as(who)))
      .send(body);
  const macroOf = async (who: TestUser, actions: Record<string, unknown>, extra = {}) => {
    const res = await createMacro(who, { name: unique('Macro'), actions, ...extra });
    expect(res.status).toBe(201);
    return res.body.data as { id: string; actions: Record<string, unknown> };
  };
  const apply = async (who: TestUser, ticketId: string, macroId: string) =>
    http()
      .post(`/api/v1/tickets/${ticketId}/macros/${macroId}`)
      .set(...(await as(who)));
  /** Everything a macro could leave behind on a ticket. */
  const traces = async (ticketId: string) => ({
    ticket: (
      await sql<Record<string, unknown>>(
        'SELECT status, priority, tags, assignee_id, version FROM tickets WHERE id = $1',
        [ticketId],
      )
    )[0],
    history: (
      await sql<{ type: string }>(
        'SELECT type FROM ticket_history WHERE ticket_id = $1 ORDER BY created_at, id',
        [ticketId],
      )
    ).map((h) => h.type),
    messages: await sql('SELECT body, internal FROM ticket_messages WHERE ticket_id = $1', [ticketId]),
    events: (
      await sql<{ type: string }>(
        'SELECT type FROM outbox_events WHERE aggregate_id = $1 ORDER BY occurred_at, id',
        [ticketId],
      )
    ).map((e) => e.type),
  });

  beforeAll(async () => {
    agentA2 = await makeUser({ role: 'AGENT', departmentId: w.deptA.id });
  });

  it('applies every action in one go, each with its own history entry and event', async () => {
    const macro = await macroOf(w.agentA, {
      priority: 'HIGH',
      tags: { add: ['Outage', 'outage'], remove: ['Triage'] },
      assigneeId: 'ME',
      reply: { body: 'We are on it <b>now</b>.' },
      status: 'IN_PROGRESS',
    });
    expect(macro.actions).toEqual({
      priority: 'HIGH',
      tags: { add: ['outage'], remove: ['triage'] },
      assigneeId: 'me',
      reply: { body: 'We are on it <b>now</b>.', internal: false },
      status: 'IN_PROGRESS',
    });
    const t = await seedTicket({ tags: ['triage', 'vpn'] });
    const res = await apply(w.agentA, t.id, macro.id);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id: t.id,
      status: 'IN_PROGRESS',
      priority: 'HIGH',
      tags: ['outage', 'vpn'],
      assigneeId: w.agentA.id,
    });
    const after = await traces(t.id);
    expect(after.history).toEqual([
      'ASSIGNED',
      'PRIORITY_CHANGED',
      'FIELD_CHANGED',
      'MESSAGE_ADDED',
      'STATUS_CHANGED',
    ]);
    expect(after.messages).toEqual([{ body: 'We are on it <b>now</b>.', internal: false }]);
    expect(after.events).toEqual([
      'ticket.assigned',
      'ticket.priority_changed',
      'ticket.updated',
      'ticket.message_added',
      'ticket.status_changed',
    ]);
    const history = await http()
      .get(`/api/v1/tickets/${t.id}/history`)
      .set(...(await as(w.agentA)))
      .expect(200);
    const statusEntry = history.body.data.find((h: { type: string }) => h.type === 'STATUS_CHANGED');
    expect(statusEntry).toMatchObject({ actorId: w.agentA.id, details: { from: 'OPEN', to: 'IN_PROGRESS' } });
  });

  it('refuses an action the caller may not take with 403 before anything changes', async () => {
    // a view grant lets agent B read the restricted ticket, not work it
    const t = await seedTicket({ visibility: 'RESTRICTED' });
    await sql('INSERT INTO ticket_access_grants (ticket_id, user_id) VALUES ($1, $2)', [t.id, w.agentB.id]);
    const global = await macroOf(
      w.admin,
      { reply: { body: 'noted', internal: true }, priority: 'URGENT' },
      {
        departmentId: null,
      },
    );
    const before = await traces(t.id);
    const res = await apply(w.agentB, t.id, global.id);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(await traces(t.id)).toEqual(before);
  });

  it('refuses an assignment the caller may not make with 403, leaving the other actions undone', async () => {
    const macro = await macroOf(w.agentA, {
      priority: 'URGENT',
      tags: { add: ['x'] },
      assigneeId: agentA2.id,
    });
    const t = await seedTicket();
    const before = await traces(t.id);
    const res = await apply(w.agentA, t.id, macro.id);
    expect(res.status).toBe(403);
    expect(await traces(t.id)).toEqual(before);
  });

  it('refuses a move only the system makes with 403, and a move the table lacks with 409, atomically', async () => {
    const macro = await macroOf(w.leadA, {
      priority: 'LOW',
      reply: { body: 'Approved by hand' },
      status: 'OPEN',
    });
    const pending = await seedTicket({ status: 'PENDING_APPROVAL' });
    const before = await traces(pending.id);
    const forbidden = await apply(w.leadA, pending.id, macro.id);
    expect(forbidden.status).toBe(403);
    expect(await traces(pending.id)).toEqual(before);

    const closing = await macroOf(w.leadA, {
      priority: 'URGENT',
      reply: { body: 'Reopening' },
      status: 'IN_PROGRESS',
    });
    const closed = await seedTicket({ status: 'CLOSED' });
    const closedBefore = await traces(closed.id);
    const invalid = await apply(w.leadA, closed.id, closing.id);
    expect(invalid.status).toBe(409);
    expect(invalid.body.error.code).toBe('INVALID_TRANSITION');
    expect(await traces(closed.id)).toEqual(closedBefore);
  });

  it('refuses an ineligible assignee with 409 and changes nothing', async () => {
    const macro = await macroOf(w.leadA, { priority: 'HIGH', assigneeId: w.agentB.id });
    const t = await seedTicket();
    const before = await traces(t.id);
    const res = await apply(w.leadA, t.id, macro.id);
    expect(res.status).toBe(409);
    expect(await traces(t.id)).toEqual(before);
  });

  it('shows macros to their department and global ones to all staff; others get 404', async () => {
    const mine = await macroOf(w.agentA, { priority: 'LOW' });
    const global = await macroOf(w.admin, { priority: 'LOW' }, { departmentId: null });
    const listA2 = await http()
      .get('/api/v1/macros?limit=100')
      .set(...(await as(agentA2)))
      .expect(200);
    const ids = listA2.body.data.map((m: { id: string }) => m.id);
    expect(ids).toEqual(expect.arrayContaining([mine.id, global.id]));
    const listB = await http()
      .get('/api/v1/macros?limit=100')
      .set(...(await as(w.agentB)))
      .expect(200);
    expect(listB.body.data.map((m: { id: string }) => m.id)).not.toContain(mine.id);
    expect(listB.body.data.map((m: { id: string }) => m.id)).toContain(global.id);
    await http()
      .get(`/api/v1/macros/${mine.id}`)
      .set(...(await as(w.agentB)))
      .expect(404);
    // a macro you cannot see cannot be applied, even to a ticket you work
    const tB = await seedTicket({ departmentId: w.deptB.id });
    expect((await apply(w.agentB, tB.id, mine.id)).status).toBe(404);
    // nor a macro to a ticket you cannot see
    const tA = await seedTicket();
    expect((await apply(w.agentB, tA.id, global.id)).status).toBe(404);
    // end users have no macros
    await http()
      .get('/api/v1/macros')
      .set(...(await as(w.requester)))
      .expect(403);
  });

  it('lets the author, the department’s lead and admins change or delete a macro; others get 403', async () => {
    const macro = await macroOf(w.agentA, { priority: 'LOW' });
    await http()
      .patch(`/api/v1/macros/${macro.id}`)
      .set(...(await as(agentA2)))
      .send({ name: 'Taken over' })
      .expect(403);
    const byLead = await http()
      .patch(`/api/v1/macros/${macro.id}`)
      .set(...(await as(w.leadA)))
      .send({ actions: { status: 'RESOLVED' }, description: 'Resolve it' })
      .expect(200);
    expect(byLead.body.data).toMatchObject({ actions: { status: 'RESOLVED' }, description: 'Resolve it' });
    const global = await macroOf(w.admin, { priority: 'LOW' }, { departmentId: null });
    await http()
      .delete(`/api/v1/macros/${global.id}`)
      .set(...(await as(w.leadA)))
      .expect(403);
    await http()
      .delete(`/api/v1/macros/${macro.id}`)
      .set(...(await as(w.agentA)))
      .expect(204);
    await http()
      .get(`/api/v1/macros/${macro.id}`)
      .set(...(await as(w.agentA)))
      .expect(404);
    // staff make macros for their own department only
    const elsewhere = await createMacro(w.agentA, {
      name: unique('Elsewhere'),
      actions: { priority: 'LOW' },
      departmentId: w.deptB.id,
    });
    expect(elsewhere.status).toBe(403);
  });

  it.each([
    ['no actions', { actions: {} }, 'actions'],
    ['empty tag changes only', { actions: { tags: { add: [], remove: [] } } }, 'actions'],
    ['a bad status', { actions: { status: 'DONE' } }, 'actions.status'],
    ['a bad assignee', { actions: { assigneeId: 'someone' } }, 'actions.assigneeId'],
    ['an unknown action', { actions: { priority: 'LOW', delete: true } }, 'actions.delete'],
    ['a reply without a body', { actions: { reply: { internal: true } } }, 'actions.reply.body'],
    ['tags that are not lists', { actions: { tags: { add: 'x' } } }, 'actions.tags.add'],
    ['no name', { name: undefined, actions: { priority: 'LOW' } }, 'name'],
  ])('refuses %s with 400 naming the field', async (_label, body, field) => {
    const res = await createMacro(w.agentA, { name: unique('Bad'), ...body });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('refuses a second macro with the same name in one department (409), not across departments', async () => {
    const name = unique('Same');
    expect((await createMacro(w.agentA, { name, actions: { priority: 'LOW' } })).status).toBe(201);
    expect(
      (await createMacro(w.leadA, { name: name.toLowerCase(), actions: { priority: 'LOW' } })).status,
    ).toBe(409);
    expect((await createMacro(w.agentB, { name, actions: { priority: 'LOW' } })).status).toBe(201);
  });

  it('refuses a department that does not exist or is inactive with 400 naming departmentId, not a 500', async () => {
    const gone = await makeDepartment();
    await sql(`UPDATE departments SET is_active = false WHERE id = $1`, [gone.id]);
    for (const departmentId of [randomUUID(), gone.id]) {
      const res = await createMacro(w.admin, {
        name: unique('Nowhere'),
        departmentId,
        actions: { priority: 'LOW' },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([
        { field: 'departmentId', message: 'no such active department' },
      ]);
    }
  });
});
