import { randomUUID } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startTestApp } from './support/app';
import { makeDepartment, makeUser, sql, TestUser, unique } from './support/factories';
import { testApi } from './support/api';

interface Entry {
  id: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  at: string;
  requestId: string | null;
}

describe('audit log (e2e)', () => {
  let app: NestFastifyApplication;
  const { http, as, get, post, patch, del } = testApi(() => app);
  let admin: TestUser;
  let admin2: TestUser;
  let agent: TestUser;
  let dept: { id: string };

  const entriesOf = async (entityType: string, entityId: string): Promise<Entry[]> => {
    const res = await http()
      .get('/api/v1/admin/audit-log')
      .query({ entityType, entityId, limit: 100 })
      .set(...(await as(admin)));
    expect(res.status).toBe(200);
    return res.body.data as Entry[];
  };

  beforeAll(async () => {
    app = await startTestApp();
    admin = await makeUser({ role: 'ADMIN' });
    admin2 = await makeUser({ role: 'ADMIN' });
    dept = await makeDepartment();
    agent = await makeUser({ role: 'AGENT', departmentId: dept.id });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('records a change with who, when, before, after and the request id', async () => {
    const requestId = `audit-${randomUUID()}`;
    const name = unique('Audited');
    const created = await http()
      .post('/api/v1/departments')
      .set('X-Request-Id', requestId)
      .set(...(await as(admin)))
      .send({ name, description: 'first' });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;
    const patched = await patch(admin2, `/departments/${id}`, { description: 'second' });
    expect(patched.status).toBe(200);

    const entries = await entriesOf('department', id);
    expect(entries.map((e) => e.action)).toEqual(['department.updated', 'department.created']);
    const [update, create] = entries;
    expect(create).toMatchObject({
      actorId: admin.id,
      entityType: 'department',
      entityId: id,
      before: null,
      requestId,
    });
    expect(create.after).toMatchObject({ name, description: 'first', isActive: true });
    expect(update.actorId).toBe(admin2.id);
    expect(update.before).toMatchObject({ description: 'first' });
    expect(update.after).toMatchObject({ description: 'second' });
    expect(update.requestId).toBe(patched.headers['x-request-id']);
    expect(new Date(update.at).getTime()).toBeGreaterThanOrEqual(new Date(create.at).getTime());
  });

  it('writes nothing when the change is refused or rolled back', async () => {
    const taken = await makeDepartment();
    const other = await makeDepartment();
    const res = await patch(admin, `/departments/${other.id}`, { name: taken.name });
    expect(res.status).toBe(409);
    expect(await entriesOf('department', other.id)).toEqual([]);
    // a user whose department check fails halfway through its transaction leaves no entry either
    const email = `${unique('nobody')}@example.test`;
    const bad = await post(admin, '/users', {
      email,
      password: 'a-long-enough-password',
      fullName: 'Never',
      role: 'AGENT',
      departmentId: randomUUID(),
    });
    expect(bad.status).toBe(400);
    const rows = await sql(`SELECT 1 FROM audit_log WHERE after->>'email' = $1`, [email]);
    expect(rows).toHaveLength(0);
  });

  it('never stores passwords, hashes or webhook secrets', async () => {
    const password = `Pw-${randomUUID()}`;
    const user = await post(admin, '/users', {
      email: `${unique('staff')}@example.test`,
      password,
      fullName: 'New Agent',
      role: 'AGENT',
      departmentId: dept.id,
    });
    expect(user.status).toBe(201);
    const [{ password_hash: hash }] = await sql<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE id = $1',
      [user.body.data.id],
    );
    const secret = `whsec-${randomUUID()}`;
    const hook = await post(admin, '/admin/webhooks', {
      url: 'https://hooks.example.com/in',
      events: ['*'],
      secret,
    });
    expect(hook.status).toBe(201);

    const [userEntry] = await entriesOf('user', user.body.data.id);
    expect(userEntry.action).toBe('user.created');
    expect(userEntry.after).toMatchObject({ role: 'AGENT', departmentId: dept.id });
    const [hookEntry] = await entriesOf('webhook', hook.body.data.id);
    expect(hookEntry.after).toMatchObject({ url: 'https://hooks.example.com/in', secret: '[REDACTED]' });

    const everything = JSON.stringify(await sql('SELECT * FROM audit_log'));
    for (const leaked of [password, hash, secret]) expect(everything).not.toContain(leaked);
  });

  it('covers the administrative changes of every module', async () => {
    const team = await post(admin, '/teams', { departmentId: dept.id, name: unique('Team') });
    expect(team.status).toBe(201);
    const staff = await patch(admin, `/staff/${agent.id}`, { teamId: team.body.data.id });
    expect(staff.status).toBe(200);
    const leaver = await makeUser();
    const deactivated = await del(admin, `/users/${leaver.id}`);
    expect(deactivated.status).toBe(204);
    const category = await post(admin, '/service-categories', { name: unique('Cat') });
    expect(category.status).toBe(201);
    const item = await post(admin, '/service-items', {
      categoryId: category.body.data.id,
      name: unique('Item'),
      description: 'd',
      departmentId: dept.id,
      defaultPriority: 'LOW',
    });
    expect(item.status).toBe(201);
    const removed = await del(admin, `/service-items/${item.body.data.id}`);
    expect(removed.status).toBe(204);
    const template = await post(agent, '/ticket-templates', { name: unique('Tpl'), title: 'Printer jam' });
    expect(template.status).toBe(201);
    const macro = await post(agent, '/macros', { name: unique('Macro'), actions: { priority: 'HIGH' } });
    expect(macro.status).toBe(201);
    const view = await post(agent, '/views', {
      name: unique('View'),
      filters: { priority: 'HIGH' },
      shared: true,
    });
    expect(view.status).toBe(201);
    const privateView = await post(agent, '/views', { name: unique('Mine'), filters: {} });
    expect(privateView.status).toBe(201);

    const actions = async (type: string, id: string) => (await entriesOf(type, id)).map((e) => e.action);
    expect(await actions('team', team.body.data.id)).toEqual(['team.created']);
    const [staffEntry] = await entriesOf('staff', agent.id);
    expect(staffEntry).toMatchObject({ action: 'staff.updated', actorId: admin.id });
    expect(staffEntry.before).toMatchObject({ teamId: null });
    expect(staffEntry.after).toMatchObject({ teamId: team.body.data.id });
    const [leaverEntry] = await entriesOf('user', leaver.id);
    expect(leaverEntry).toMatchObject({ action: 'user.deactivated', actorId: admin.id });
    expect(leaverEntry.before).toMatchObject({ isActive: true });
    expect(leaverEntry.after).toMatchObject({ isActive: false });
    expect(await actions('service_category', category.body.data.id)).toEqual(['service_category.created']);
    expect(await actions('service_item', item.body.data.id)).toEqual([
      'service_item.deactivated',
      'service_item.created',
    ]);
    expect(await actions('ticket_template', template.body.data.id)).toEqual(['ticket_template.created']);
    const [macroEntry] = await entriesOf('macro', macro.body.data.id);
    expect(macroEntry).toMatchObject({ action: 'macro.created', actorId: agent.id });
    expect(await actions('saved_view', view.body.data.id)).toEqual(['saved_view.created']);
    expect(await actions('saved_view', privateView.body.data.id)).toEqual([]);
  });

  it('is append-only in the database itself', async () => {
    const [row] = await sql<{ id: string }>('SELECT id FROM audit_log LIMIT 1');
    await expect(sql(`UPDATE audit_log SET action = 'x' WHERE id = $1`, [row.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(sql(`DELETE FROM audit_log WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
    await expect(sql(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    expect(await sql('SELECT 1 FROM audit_log WHERE id = $1', [row.id])).toHaveLength(1);
  });

  it('pages by cursor without gaps or repeats, and filters by actor and time', async () => {
    const actor = await makeUser({ role: 'ADMIN' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await post(actor, '/departments', { name: unique('Paged') });
      expect(res.status).toBe(201);
      ids.push(res.body.data.id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 5; guard++) {
      const res = await http()
        .get('/api/v1/admin/audit-log')
        .query({ actorId: actor.id, limit: 2, ...(cursor ? { cursor } : {}) })
        .set(...(await as(admin)));
      expect(res.status).toBe(200);
      expect(res.body.pagination.total).toBe(5);
      seen.push(...(res.body.data as Entry[]).map((e) => e.entityId));
      cursor = res.body.pagination.nextCursor ?? undefined;
      if (!cursor) break;
    }
    expect(seen).toEqual([...ids].reverse());

    const [newest] = await entriesOf('department', ids[4]);
    const after = await http()
      .get('/api/v1/admin/audit-log')
      .query({ actorId: actor.id, from: newest.at })
      .set(...(await as(admin)));
    expect((after.body.data as Entry[]).map((e) => e.entityId)).toEqual([ids[4]]);
    const before = await http()
      .get('/api/v1/admin/audit-log')
      .query({ actorId: actor.id, to: newest.at, page: 2, limit: 2 })
      .set(...(await as(admin)));
    expect(before.body.pagination).toMatchObject({ page: 2, total: 5 });
    expect((before.body.data as Entry[]).map((e) => e.entityId)).toEqual([ids[2], ids[1]]);
  });

  it('reads from and to with offsets and fractions, and names the field of a time it cannot read', async () => {
    const auth = await as(admin);
    const actor = await makeUser({ role: 'ADMIN' });
    const made = await post(actor, '/departments', { name: unique('Timed') });
    expect(made.status).toBe(201);
    const [entry] = await entriesOf('department', made.body.data.id);
    // the entry's instant a millisecond earlier and later, written at -03:30 and +1400 with nine digits of a second
    const at = (ms: number, offset: string, minutes: number) =>
      new Date(Date.parse(entry.at) + ms + minutes * 60_000).toISOString().slice(0, 23) + '000000' + offset;
    const window = await http()
      .get('/api/v1/admin/audit-log')
      .query({ actorId: actor.id, from: at(-1, '-03:30', -210), to: at(1, '+1400', 840) })
      .set(...auth);
    expect(window.status).toBe(200);
    expect((window.body.data as Entry[]).map((e) => e.id)).toEqual([entry.id]);
    for (const field of ['from', 'to'])
      for (const value of [
        '2024-02-30T00:00:00Z',
        '0000-01-01T00:00:00Z',
        '+275760-09-13T00:00:00Z',
        '2026-01-01T00:00:00+16:00',
        '2026-01-01T10Z',
        '2026-01-01T10:00:00+05',
        '2026-W01-1',
      ]) {
        const res = await http()
          .get('/api/v1/admin/audit-log')
          .query({ [field]: value })
          .set(...auth);
        expect({ value, status: res.status, details: res.body.error?.details }).toEqual({
          value,
          status: 400,
          details: [{ field, message: expect.stringContaining('ISO 8601') }],
        });
      }
  });

  it('is for admins only and refuses bad filters with 400', async () => {
    const forbidden = await get(agent, '/admin/audit-log');
    expect(forbidden.status).toBe(403);
    const auth = await as(admin);
    for (const query of [
      { cursor: 'not-a-cursor' },
      { cursor: Buffer.from('["yesterday","x"]').toString('base64url') },
      { actorId: 'nope' },
      { from: 'yesterday' },
      { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' },
      { limit: 101 },
      { entityType: "department'; --" },
    ]) {
      const res = await http()
        .get('/api/v1/admin/audit-log')
        .query(query)
        .set(...auth);
      expect({ query, status: res.status, code: res.body.error?.code }).toEqual({
        query,
        status: 400,
        code: 'VALIDATION_ERROR',
      });
    }
  });
});
