import { makeTicket, makeUser, sql, TestUser, unique } from './support/factories';
import { ticketSuite } from './support/ticket-suite';

describe('saved views (e2e)', () => {
  const { w, http, get, post, patch, del, seedTicket } = ticketSuite();
  let agentA2: TestUser;

  const t: Record<string, { id: string; pid: string }> = {};

  const createView = (who: TestUser, body: Record<string, unknown>) => post(who, '/views', body);

  const ticketsOf = async (who: TestUser, query: string) => {
    const res = await get(who, `/tickets?${query}`);
    expect(res.status).toBe(200);
    return {
      ids: new Set<string>(res.body.data.map((x: { id: string }) => x.id)),
      total: res.body.pagination.total as number,
    };
  };

  beforeAll(async () => {
    agentA2 = await makeUser({ role: 'AGENT', departmentId: w.deptA.id });
    t.urgentOpen = await seedTicket({ priority: 'URGENT' });
    t.urgentMine = await seedTicket({ priority: 'URGENT', assigneeId: w.agentA.id });
    t.urgentTheirs = await seedTicket({ priority: 'URGENT', assigneeId: agentA2.id });
    t.urgentResolved = await seedTicket({ priority: 'URGENT', status: 'RESOLVED' });
    t.low = await seedTicket({ priority: 'LOW' });
    // restricted: the lead is party to it (assignee), agents of the department are not
    t.restricted = await seedTicket({
      priority: 'URGENT',
      visibility: 'RESTRICTED',
      assigneeId: w.leadA.id,
    });
    t.urgentB = await makeTicket({
      requesterId: w.otherUser.id,
      departmentId: w.deptB.id,
      priority: 'URGENT',
    });
  });

  it('saves a private view with its filters in normal form and applies them to GET /tickets', async () => {
    const res = await createView(w.agentA, {
      name: '  Urgent open  ',
      filters: { priority: 'URGENT', status: 'OPEN,IN_PROGRESS' },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      name: 'Urgent open',
      filters: { priority: ['URGENT'], status: ['OPEN', 'IN_PROGRESS'] },
      shared: false,
      departmentId: null,
      ownerId: w.agentA.id,
    });
    const { ids, total } = await ticketsOf(w.agentA, `view=${res.body.data.id}`);
    expect(ids).toEqual(new Set([t.urgentOpen.id, t.urgentMine.id, t.urgentTheirs.id]));
    expect(total).toBe(3);

    // parameters given as well replace the view's own
    const low = await ticketsOf(w.agentA, `view=${res.body.data.id}&priority=LOW`);
    expect(low.ids).toEqual(new Set([t.low.id]));
  });

  it('shares a view with the department, and applies it under each user’s own scope', async () => {
    const res = await createView(w.leadA, {
      name: 'Dept urgent',
      filters: { priority: ['URGENT'] },
      shared: true,
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ shared: true, departmentId: w.deptA.id });
    const id = res.body.data.id as string;

    // the lead sees the restricted ticket they are party to; an agent using the same view does not
    const lead = await ticketsOf(w.leadA, `view=${id}`);
    expect(lead.ids.has(t.restricted.id)).toBe(true);
    const agent = await ticketsOf(w.agentA, `view=${id}`);
    expect(agent.ids.has(t.restricted.id)).toBe(false);
    expect(agent.ids.has(t.urgentResolved.id)).toBe(true);
    expect(agent.total).toBe(lead.total - 1);

    // listed for the department, invisible to another department
    const listed = await get(agentA2, '/views?limit=100');
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((v: { id: string }) => v.id)).toContain(id);
    expect((await get(w.agentB, `/views/${id}`)).status).toBe(404);
    const other = await get(w.agentB, `/tickets?view=${id}`);
    expect(other.status).toBe(400);
    expect(other.body.error.details[0].field).toBe('view');
  });

  it('never widens scope: a shared view naming another department shows nothing of it', async () => {
    const res = await createView(w.leadA, {
      name: 'Department B',
      filters: { departmentId: w.deptB.id },
      shared: true,
    });
    expect(res.status).toBe(201);
    const agent = await ticketsOf(w.agentA, `view=${res.body.data.id}`);
    expect(agent.total).toBe(0);
    const adminView = await createView(w.admin, { name: 'B urgent', filters: { departmentId: w.deptB.id } });
    const all = await ticketsOf(w.admin, `view=${adminView.body.data.id}`);
    expect(all.ids.has(t.urgentB.id)).toBe(true);
  });

  it('resolves assigneeId=me to whoever uses the view', async () => {
    const res = await createView(w.leadA, {
      name: 'Mine',
      filters: { assigneeId: 'ME', priority: 'URGENT' },
      shared: true,
    });
    expect(res.body.data.filters.assigneeId).toBe('me');
    const a = await ticketsOf(w.agentA, `view=${res.body.data.id}`);
    expect(a.ids).toEqual(new Set([t.urgentMine.id]));
    const a2 = await ticketsOf(agentA2, `view=${res.body.data.id}`);
    expect(a2.ids).toEqual(new Set([t.urgentTheirs.id]));
  });

  it('gives an end user private views over their own tickets only', async () => {
    const res = await createView(w.otherUser, { name: 'All mine', filters: {} });
    expect(res.status).toBe(201);
    const mine = await ticketsOf(w.otherUser, `view=${res.body.data.id}`);
    expect(mine.ids).toEqual(new Set([t.urgentB.id]));
  });

  it('keeps instants with offsets and fractions of a second as the same instants in UTC', async () => {
    const res = await createView(w.agentA, {
      name: unique('Timed'),
      filters: {
        createdFrom: '2026-01-01T10:00:00.123456789+05:30',
        createdTo: '2026-01-02',
        dueBefore: '2026-01-03T00:00-0330',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.data.filters).toEqual({
      createdFrom: '2026-01-01T04:30:00.123Z',
      createdTo: '2026-01-02T00:00:00.000Z',
      dueBefore: '2026-01-03T03:30:00.000Z',
    });
  });

  /** A view whose one filter is not valid, and the field the 400 names: that filter. */
  const badFilter = (name: string, filters: Record<string, unknown>): [Record<string, unknown>, string] => [
    { name, filters },
    `filters.${Object.keys(filters)[0]}`,
  ];

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown filter', ...badFilter('x1', { colour: 'red' })],
    ['a bad priority', ...badFilter('x2', { priority: 'CRITICAL' })],
    ['a bad status in a list', ...badFilter('x3', { status: ['OPEN', 'DONE'] })],
    ['a malformed department id', ...badFilter('x4', { departmentId: 'dept-a' })],
    ['a bad date', ...badFilter('x5', { createdFrom: 'yesterday' })],
    ['an impossible day', ...badFilter('x11', { createdFrom: '2024-02-30T00:00:00Z' })],
    ['hour 24', ...badFilter('x12', { createdTo: '2026-01-01T24:00:00Z' })],
    ['a day November lacks', ...badFilter('x17', { createdFrom: '2026-11-31' })],
    ['February 30 as a date', ...badFilter('x18', { createdTo: '2024-02-30' })],
    ['hour 24 on the last day', ...badFilter('x19', { dueBefore: '2026-11-30T24:00:00Z' })],
    ['year 0000', ...badFilter('x13', { createdFrom: '0000-01-01T00:00:00Z' })],
    ['an offset past 15:59', ...badFilter('x14', { createdTo: '2026-01-01T00:00:00+16:00' })],
    ['a time in year 10000 UTC', ...badFilter('x15', { dueBefore: '9999-12-31T23:00:00-01:00' })],
    ['a bad sort', ...badFilter('x6', { sort: 'title' })],
    ['a number as tag', ...badFilter('x7', { tag: 5 })],
    ['paging as a filter', ...badFilter('x8', { page: '2' })],
    ['filters that are not an object', { name: 'x9', filters: ['OPEN'] }, 'filters'],
    ['no name', { filters: {} }, 'name'],
    [
      'an unknown property',
      { name: 'x10', filters: {}, ownerId: '00000000-0000-4000-8000-000000000000' },
      'ownerId',
    ],
  ])('refuses %s with 400 naming the field, and saves nothing', async (_label, body, field) => {
    const before = await sql<{ n: number }>('SELECT count(*)::int AS n FROM saved_views');
    const res = await createView(w.agentA, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    const after = await sql<{ n: number }>('SELECT count(*)::int AS n FROM saved_views');
    expect(after[0].n).toBe(before[0].n);
  });

  it('lets only staff share views', async () => {
    const res = await createView(w.requester, { name: 'Shared by a customer', filters: {}, shared: true });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    const rows = await sql('SELECT 1 FROM saved_views WHERE owner_id = $1', [w.requester.id]);
    expect(rows).toHaveLength(0);
    // an w.admin without a department has nobody to share with
    const adminRes = await createView(w.admin, { name: 'Admin shared', filters: {}, shared: true });
    expect(adminRes.status).toBe(400);
    expect(adminRes.body.error.details[0].field).toBe('shared');
  });

  it('refuses a second view of the same name for one owner (409), not across owners', async () => {
    const name = unique('Queue');
    expect((await createView(w.agentA, { name, filters: {} })).status).toBe(201);
    const again = await createView(w.agentA, { name: name.toUpperCase(), filters: {} });
    expect(again.status).toBe(409);
    expect((await createView(agentA2, { name, filters: {} })).status).toBe(201);
  });

  it('lets the owner, the department’s lead and admins change a shared view; others who see it get 403', async () => {
    const res = await createView(w.agentA, { name: unique('Shared'), filters: { tag: 'vpn' }, shared: true });
    const id = res.body.data.id as string;
    const denied = await patch(agentA2, `/views/${id}`, { name: 'Hijacked' });
    expect(denied.status).toBe(403);
    expect((await del(agentA2, `/views/${id}`)).status).toBe(403);
    const byLead = await patch(w.leadA, `/views/${id}`, { filters: { tag: 'Printer' } });
    expect(byLead.status).toBe(200);
    expect(byLead.body.data.filters).toEqual({ tag: 'printer' });
    // only the owner makes it private again
    expect((await patch(w.leadA, `/views/${id}`, { shared: false })).status).toBe(403);
    const unshared = await patch(w.agentA, `/views/${id}`, { shared: false });
    expect(unshared.status).toBe(200);
    expect(unshared.body.data).toMatchObject({ shared: false, departmentId: null });
    expect((await get(agentA2, `/views/${id}`)).status).toBe(404);
    expect((await del(w.agentA, `/views/${id}`)).status).toBe(204);
    expect((await get(w.agentA, `/views/${id}`)).status).toBe(404);
  });

  it('refuses bad updates and bad view parameters', async () => {
    const res = await createView(w.agentA, { name: unique('Upd'), filters: {} });
    const id = res.body.data.id as string;
    const empty = await patch(w.agentA, `/views/${id}`, {});
    expect(empty.status).toBe(400);
    const bad = await patch(w.agentA, `/views/${id}`, { filters: { priority: 'NOW' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('filters.priority');
    const still = await get(w.agentA, `/views/${id}`);
    expect(still.status).toBe(200);
    expect(still.body.data.filters).toEqual({});

    const notUuid = await get(w.agentA, '/tickets?view=urgent');
    expect(notUuid.status).toBe(400);
    expect(notUuid.body.error.details[0].field).toBe('view');
    // someone else's private view is as unknown as a missing one
    const private_ = await get(agentA2, `/tickets?view=${id}`);
    expect(private_.status).toBe(400);
    const missing = await get(agentA2, '/tickets?view=00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(400);
    expect(missing.body.error).toEqual(private_.body.error);
    expect((await get(w.agentA, '/views/not-a-uuid')).status).toBe(404);
    await http().get('/api/v1/views').expect(401);
  });
});
