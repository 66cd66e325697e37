import { randomUUID } from 'node:crypto';
import { makeDepartment, makeUser, sql, TestUser, unique } from './support/factories';
import { ticketSuite } from './support/ticket-suite';

describe('macros (e2e)', () => {
  const { w, get, post, patch, del, seedTicket } = ticketSuite();
  let agentA2: TestUser;

  const createMacro = (who: TestUser, body: Record<string, unknown>) => post(who, '/macros', body);
  const macroOf = async (who: TestUser, actions: Record<string, unknown>, extra = {}) => {
    const res = await createMacro(who, { name: unique('Macro'), actions, ...extra });
    expect(res.status).toBe(201);
    return res.body.data as { id: string; actions: Record<string, unknown> };
  };
  const apply = (who: TestUser, ticketId: string, macroId: string) =>
    post(who, `/tickets/${ticketId}/macros/${macroId}`);
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
  /** `who` applies the macro and is refused with `status`, the ticket left exactly as it was: the answer */
  const refusedLeavingNoTrace = async (who: TestUser, ticketId: string, macroId: string, status: number) => {
    const before = await traces(ticketId);
    const res = await apply(who, ticketId, macroId);
    expect(res.status).toBe(status);
    expect(await traces(ticketId)).toEqual(before);
    return res;
  };

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
    const history = await get(w.agentA, `/tickets/${t.id}/history`);
    expect(history.status).toBe(200);
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
    const res = await refusedLeavingNoTrace(w.agentB, t.id, global.id, 403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('refuses an assignment the caller may not make with 403, leaving the other actions undone', async () => {
    const macro = await macroOf(w.agentA, {
      priority: 'URGENT',
      tags: { add: ['x'] },
      assigneeId: agentA2.id,
    });
    const t = await seedTicket();
    await refusedLeavingNoTrace(w.agentA, t.id, macro.id, 403);
  });

  it('refuses a move only the system makes with 403, and a move the table lacks with 409, atomically', async () => {
    const macro = await macroOf(w.leadA, {
      priority: 'LOW',
      reply: { body: 'Approved by hand' },
      status: 'OPEN',
    });
    const pending = await seedTicket({ status: 'PENDING_APPROVAL' });
    await refusedLeavingNoTrace(w.leadA, pending.id, macro.id, 403);

    const closing = await macroOf(w.leadA, {
      priority: 'URGENT',
      reply: { body: 'Reopening' },
      status: 'IN_PROGRESS',
    });
    const closed = await seedTicket({ status: 'CLOSED' });
    const invalid = await refusedLeavingNoTrace(w.leadA, closed.id, closing.id, 409);
    expect(invalid.body.error.code).toBe('INVALID_TRANSITION');
  });

  it('refuses tags past the 20 a ticket may have with 400, as an edit does, and changes nothing', async () => {
    const own = Array.from({ length: 15 }, (_, i) => `own-${i}`);
    const added = Array.from({ length: 6 }, (_, i) => `added-${i}`);
    const macro = await macroOf(w.leadA, {
      priority: 'URGENT',
      tags: { add: [...added, 'OWN-0'] },
      assigneeId: 'me',
      reply: { body: 'Tagged' },
      status: 'IN_PROGRESS',
    });
    const t = await seedTicket({ tags: own });
    const res = await refusedLeavingNoTrace(w.leadA, t.id, macro.id, 400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(res.body.error.message).toMatch(/21 tags.*at most 20/);
    expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'actions.tags.add' })]);
    // the same count by hand is refused alike
    const edit = await patch(w.leadA, `/tickets/${t.id}`, { tags: [...own, ...added] });
    expect(edit.status).toBe(400);

    // removing as many as it adds keeps the ticket within 20: applied
    const balanced = await macroOf(w.leadA, { tags: { add: added, remove: own.slice(0, 1) } });
    const full = await seedTicket({ tags: own });
    expect((await apply(w.leadA, full.id, balanced.id)).status).toBe(200);
    const after = await get(w.leadA, `/tickets/${full.id}`);
    expect(after.body.data.tags).toHaveLength(20);
  });

  it('refuses an ineligible assignee with 409 and changes nothing', async () => {
    const macro = await macroOf(w.leadA, { priority: 'HIGH', assigneeId: w.agentB.id });
    const t = await seedTicket();
    await refusedLeavingNoTrace(w.leadA, t.id, macro.id, 409);
  });

  it('shows macros to their department and global ones to all staff; others get 404', async () => {
    const mine = await macroOf(w.agentA, { priority: 'LOW' });
    const global = await macroOf(w.admin, { priority: 'LOW' }, { departmentId: null });
    const listA2 = await get(agentA2, '/macros?limit=100');
    expect(listA2.status).toBe(200);
    const ids = listA2.body.data.map((m: { id: string }) => m.id);
    expect(ids).toEqual(expect.arrayContaining([mine.id, global.id]));
    const listB = await get(w.agentB, '/macros?limit=100');
    expect(listB.status).toBe(200);
    expect(listB.body.data.map((m: { id: string }) => m.id)).not.toContain(mine.id);
    expect(listB.body.data.map((m: { id: string }) => m.id)).toContain(global.id);
    expect((await get(w.agentB, `/macros/${mine.id}`)).status).toBe(404);
    // a macro you cannot see cannot be applied, even to a ticket you work
    const tB = await seedTicket({ departmentId: w.deptB.id });
    expect((await apply(w.agentB, tB.id, mine.id)).status).toBe(404);
    // nor a macro to a ticket you cannot see
    const tA = await seedTicket();
    expect((await apply(w.agentB, tA.id, global.id)).status).toBe(404);
    // end users have no macros
    expect((await get(w.requester, '/macros')).status).toBe(403);
  });

  it('lets the author, the department’s lead and admins change or delete a macro; others get 403', async () => {
    const macro = await macroOf(w.agentA, { priority: 'LOW' });
    expect((await patch(agentA2, `/macros/${macro.id}`, { name: 'Taken over' })).status).toBe(403);
    const byLead = await patch(w.leadA, `/macros/${macro.id}`, {
      actions: { status: 'RESOLVED' },
      description: 'Resolve it',
    });
    expect(byLead.status).toBe(200);
    expect(byLead.body.data).toMatchObject({ actions: { status: 'RESOLVED' }, description: 'Resolve it' });
    const global = await macroOf(w.admin, { priority: 'LOW' }, { departmentId: null });
    expect((await del(w.leadA, `/macros/${global.id}`)).status).toBe(403);
    expect((await del(w.agentA, `/macros/${macro.id}`)).status).toBe(204);
    expect((await get(w.agentA, `/macros/${macro.id}`)).status).toBe(404);
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
