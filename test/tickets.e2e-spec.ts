import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestApp } from './support/app';
import { makeDepartment, makeTeam, makeUser, sql, TestUser, unique } from './support/factories';
import { testApi } from './support/api';

describe('tickets (e2e)', () => {
  let app: NestFastifyApplication;
  const { http, as } = testApi(() => app);

  let deptA: { id: string };
  let deptB: { id: string };
  let requester: TestUser;
  let otherUser: TestUser;
  let agentA: TestUser;
  let agentB: TestUser;
  let leadA: TestUser;
  let admin: TestUser;

  const createTicket = async (who: TestUser, body: Record<string, unknown> = {}) => {
    const res = await http()
      .post('/api/v1/tickets')
      .set(...(await as(who)))
      .send({
        title: `Printer ${unique()}`,
        description: 'It does not print',
        departmentId: deptA.id,
        ...body,
      });
    expect(res.status).toBe(201);
    return res.body.data as Record<string, any>;
  };

  beforeAll(async () => {
    app = await startTestApp();
    deptA = await makeDepartment();
    deptB = await makeDepartment();
    requester = await makeUser();
    otherUser = await makeUser();
    agentA = await makeUser({ role: 'AGENT', departmentId: deptA.id });
    agentB = await makeUser({ role: 'AGENT', departmentId: deptB.id });
    leadA = await makeUser({ role: 'TEAM_LEAD', departmentId: deptA.id });
    admin = await makeUser({ role: 'ADMIN' });
  });
  afterAll(async () => {
    await app?.close();
  });

  describe('create', () => {
    it('opens a ticket with a PID, defaults and a CREATED history row', async () => {
      const t = await createTicket(requester, {
        tags: [' VPN ', 'vpn', 'Laptop'],
        customFields: { asset: 'L-42' },
      });
      expect(t.pid).toMatch(/^TKT-\d{6}-\d{6}$/);
      const now = new Date();
      expect(t.pid.slice(4, 10)).toBe(
        `${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`,
      );
      expect(t).toMatchObject({
        status: 'OPEN',
        priority: 'MEDIUM',
        visibility: 'INTERNAL',
        requesterId: requester.id,
        departmentId: deptA.id,
        assigneeId: null,
        tags: ['laptop', 'vpn'],
        customFields: { asset: 'L-42' },
        version: 1,
      });
      const history = await http()
        .get(`/api/v1/tickets/${t.id}/history`)
        .set(...(await as(requester)))
        .expect(200);
      expect(history.body.data.map((h: any) => h.type)).toEqual(['CREATED']);
      expect(history.body.data[0].actorId).toBe(requester.id);
    });

    it.each([
      ['a short title', { title: 'ab' }, 'title'],
      ['a bad priority', { priority: 'CRITICAL' }, 'priority'],
      ['a huge description', { description: 'x'.repeat(20001) }, 'description'],
      ['a malformed department id', { departmentId: 'nope' }, 'departmentId'],
      ['tags that are not a list', { tags: 'vpn' }, 'tags'],
      ['an unknown property', { requesterId: '00000000-0000-4000-8000-000000000000' }, 'requesterId'],
      ['an array as customFields', { customFields: [1, 2] }, 'customFields'],
    ])('refuses %s with 400', async (_label, patch, field) => {
      const res = await http()
        .post('/api/v1/tickets')
        .set(...(await as(requester)))
        .send({ title: 'Valid title', description: 'd', ...patch });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details.map((d: any) => d.field)).toContain(field);
    });

    it('refuses an array body and an unknown department with 400', async () => {
      await http()
        .post('/api/v1/tickets')
        .set(...(await as(requester)))
        .send([{ title: 'x' }])
        .expect(400);
      const res = await http()
        .post('/api/v1/tickets')
        .set(...(await as(requester)))
        .send({
          title: 'Valid title',
          description: 'd',
          departmentId: '00000000-0000-4000-8000-000000000000',
        })
        .expect(400);
      expect(res.body.error.details[0].field).toBe('departmentId');
    });

    it('requires authentication', async () => {
      await http().post('/api/v1/tickets').send({ title: 'Valid title', description: 'd' }).expect(401);
    });
  });

  describe('idempotency', () => {
    it('returns the first ticket for a retry with the same key and body', async () => {
      const key = unique('idem');
      const body = { title: 'Same request', description: 'twice', departmentId: deptA.id };
      const first = await http()
        .post('/api/v1/tickets')
        .set(...(await as(requester)))
        .set('Idempotency-Key', key)
        .send(body);
      const second = await http()
        .post('/api/v1/tickets')
        .set(...(await as(requester)))
        .set('Idempotency-Key', key)
        .send({ departmentId: deptA.id, description: 'twice', title: 'Same request' });
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body.data.id).toBe(first.body.data.id);
    });

    it('answers 422 for the same key with another body', async () => {
      const key = unique('idem');
      await http()
        .post('/api/v1/tickets')
        .set(...(await as(requester)))
        .set('Idempotency-Key', key)
        .send({ title: 'One body', description: 'a' })
        .expect(201);
      const res = await http()
        .post('/api/v1/tickets')
        .set(...(await as(requester)))
        .set('Idempotency-Key', key)
        .send({ title: 'Another body', description: 'b' })
        .expect(422);
      expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('keeps keys per user', async () => {
      const key = unique('idem');
      const a = await http()
        .post('/api/v1/tickets')
        .set(...(await as(requester)))
        .set('Idempotency-Key', key)
        .send({ title: 'Per user', description: 'a' });
      const b = await http()
        .post('/api/v1/tickets')
        .set(...(await as(otherUser)))
        .set('Idempotency-Key', key)
        .send({ title: 'Per user', description: 'a' });
      expect(a.body.data.id).not.toBe(b.body.data.id);
    });

    it('creates one ticket from concurrent requests with one key', async () => {
      const key = unique('race');
      const auth = await as(requester);
      const body = { title: `Race ${key}`, description: 'concurrent' };
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          http()
            .post('/api/v1/tickets')
            .set(...auth)
            .set('Idempotency-Key', key)
            .send(body),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
      expect(new Set(results.map((r) => r.body.data.id)).size).toBe(1);
      const [row] = await sql<{ n: string }>('SELECT count(*) AS n FROM tickets WHERE title = $1', [
        body.title,
      ]);
      expect(row.n).toBe('1');
    });

    it('refuses a key longer than 255 characters', async () => {
      await http()
        .post('/api/v1/tickets')
        .set(...(await as(requester)))
        .set('Idempotency-Key', 'k'.repeat(256))
        .send({ title: 'Long key', description: 'x' })
        .expect(400);
    });
  });

  describe('reading and scope', () => {
    it('finds a ticket by id and by PID', async () => {
      const t = await createTicket(requester);
      const byId = await http()
        .get(`/api/v1/tickets/${t.id}`)
        .set(...(await as(requester)))
        .expect(200);
      const byPid = await http()
        .get(`/api/v1/tickets/${t.pid}`)
        .set(...(await as(agentA)))
        .expect(200);
      expect(byId.body.data.id).toBe(t.id);
      expect(byPid.body.data.id).toBe(t.id);
    });

    it('answers 404 for malformed ids, never 500', async () => {
      for (const path of [
        '/api/v1/tickets/not-a-uuid',
        '/api/v1/tickets/TKT-1',
        '/api/v1/tickets/%27%3B--',
      ]) {
        await http()
          .get(path)
          .set(...(await as(admin)))
          .expect(404);
      }
      await http()
        .patch('/api/v1/tickets/123')
        .set(...(await as(admin)))
        .send({ title: 'abc' })
        .expect(404);
    });

    describe('BOLA matrix: another end user and an agent of another department see nothing', () => {
      let ticket: Record<string, any>;
      beforeAll(async () => {
        ticket = await createTicket(requester);
      });
      const routes: Array<[string, (id: string) => [string, string, Record<string, unknown>?]]> = [
        ['GET ticket', (id) => ['get', `/api/v1/tickets/${id}`]],
        ['PATCH ticket', (id) => ['patch', `/api/v1/tickets/${id}`, { title: 'Hijacked' }]],
        ['POST status', (id) => ['post', `/api/v1/tickets/${id}/status`, { status: 'CANCELLED' }]],
        ['POST message', (id) => ['post', `/api/v1/tickets/${id}/messages`, { body: 'hello' }]],
        ['GET messages', (id) => ['get', `/api/v1/tickets/${id}/messages`]],
        ['GET history', (id) => ['get', `/api/v1/tickets/${id}/history`]],
        ['POST access', (id) => ['post', `/api/v1/tickets/${id}/access`, { userId: otherUser.id }]],
      ];
      for (const [label, route] of routes) {
        for (const who of ['another end user', 'an agent of another department'] as const) {
          it(`${label}: ${who} gets 404`, async () => {
            const [method, path, body] = route(ticket.id);
            const caller = who === 'another end user' ? otherUser : agentB;
            const req = (http() as any)[method](path).set(...(await as(caller)));
            const res = body ? await req.send(body) : await req;
            expect(res.status).toBe(404);
            expect(res.body.error.code).toBe('NOT_FOUND');
          });
        }
      }
      it('the PID route is as blind as the id route', async () => {
        await http()
          .get(`/api/v1/tickets/${ticket.pid}`)
          .set(...(await as(otherUser)))
          .expect(404);
        await http()
          .get(`/api/v1/tickets/${ticket.pid}`)
          .set(...(await as(agentB)))
          .expect(404);
      });
    });

    it('lists only own tickets for an END_USER, with a total that agrees', async () => {
      const mine = await makeUser();
      for (let i = 0; i < 3; i++) await createTicket(mine);
      await createTicket(otherUser);
      const res = await http()
        .get('/api/v1/tickets?limit=100')
        .set(...(await as(mine)))
        .expect(200);
      expect(res.body.data).toHaveLength(3);
      expect(res.body.data.every((t: any) => t.requesterId === mine.id)).toBe(true);
      expect(res.body.pagination).toMatchObject({ page: 1, limit: 100, total: 3, totalPages: 1 });
      // filters cannot widen the scope
      const widened = await http()
        .get(`/api/v1/tickets?requesterId=${otherUser.id}`)
        .set(...(await as(mine)))
        .expect(200);
      expect(widened.body.pagination.total).toBe(0);
    });

    it('lists a department’s tickets for its agents and not for others', async () => {
      const dept = await makeDepartment();
      const agent = await makeUser({ role: 'AGENT', departmentId: dept.id });
      const t = await createTicket(requester, { departmentId: dept.id });
      const own = await http()
        .get('/api/v1/tickets?limit=100')
        .set(...(await as(agent)))
        .expect(200);
      expect(own.body.data.map((x: any) => x.id)).toEqual([t.id]);
      expect(own.body.pagination.total).toBe(1);
      const other = await http()
        .get(`/api/v1/tickets?departmentId=${dept.id}`)
        .set(...(await as(agentB)))
        .expect(200);
      expect(other.body.pagination.total).toBe(0);
      const all = await http()
        .get(`/api/v1/tickets?departmentId=${dept.id}`)
        .set(...(await as(admin)))
        .expect(200);
      expect(all.body.pagination.total).toBe(1);
    });
  });

  describe('list filters, sorting and paging', () => {
    let dept: { id: string };
    let agent: TestUser;
    let ids: Record<string, string>;
    beforeAll(async () => {
      dept = await makeDepartment();
      agent = await makeUser({ role: 'AGENT', departmentId: dept.id });
      const mk = async (body: Record<string, unknown>) =>
        (await createTicket(requester, { departmentId: dept.id, ...body })).id as string;
      ids = {
        low: await mk({ priority: 'LOW', tags: ['hardware'], title: 'Broken keyboard' }),
        urgent: await mk({ priority: 'URGENT', tags: ['network'], title: 'Network outage on floor three' }),
        high: await mk({ priority: 'HIGH', tags: ['network', 'vpn'], title: 'VPN drops every hour' }),
        medium: await mk({ title: 'Monitor flickers', description: 'the zebra pattern appears' }),
      };
      await http()
        .post(`/api/v1/tickets/${ids.medium}/status`)
        .set(...(await as(agent)))
        .send({ status: 'IN_PROGRESS' })
        .expect(200);
    });
    const list = async (query: string, who: TestUser = agent) =>
      (
        await http()
          .get(`/api/v1/tickets?${query}`)
          .set(...(await as(who)))
          .expect(200)
      ).body;

    it('filters by status (repeatable or comma list), priority, tag and assignee', async () => {
      expect((await list('status=IN_PROGRESS')).data.map((t: any) => t.id)).toEqual([ids.medium]);
      expect((await list('status=OPEN&status=IN_PROGRESS')).pagination.total).toBe(4);
      expect((await list('status=OPEN,IN_PROGRESS')).pagination.total).toBe(4);
      expect((await list('priority=URGENT,HIGH')).pagination.total).toBe(2);
      expect((await list('tag=network')).pagination.total).toBe(2);
      expect((await list('tag=VPN')).data.map((t: any) => t.id)).toEqual([ids.high]);
      expect((await list('assigneeId=none')).pagination.total).toBe(4);
      expect((await list('assigneeId=me')).pagination.total).toBe(0);
      expect((await list(`requesterId=${requester.id}`)).pagination.total).toBe(4);
    });

    it('filters by creation time', async () => {
      const future = new Date(Date.now() + 3600_000).toISOString();
      expect((await list(`createdFrom=${future}`)).pagination.total).toBe(0);
      expect((await list(`createdTo=${future}`)).pagination.total).toBe(4);
    });

    it('sorts by priority, most urgent first, and by creation both ways', async () => {
      expect((await list('sort=priority')).data.map((t: any) => t.id)).toEqual([
        ids.urgent,
        ids.high,
        ids.medium,
        ids.low,
      ]);
      expect((await list('sort=createdAt')).data.map((t: any) => t.id)).toEqual([
        ids.low,
        ids.urgent,
        ids.high,
        ids.medium,
      ]);
      expect((await list('sort=-createdAt')).data.map((t: any) => t.id)).toEqual([
        ids.medium,
        ids.high,
        ids.urgent,
        ids.low,
      ]);
      expect((await list('sort=-updatedAt')).data[0].id).toBe(ids.medium);
      expect((await list('sort=dueAt')).pagination.total).toBe(4);
    });

    it('pages with a cursor through every ticket exactly once', async () => {
      for (const sort of ['-createdAt', 'createdAt', 'priority', '-updatedAt', 'dueAt']) {
        const seen: string[] = [];
        let page = await list(`sort=${sort}&limit=1`);
        seen.push(...page.data.map((t: any) => t.id));
        while (page.pagination.nextCursor) {
          page = await list(`sort=${sort}&limit=1&cursor=${page.pagination.nextCursor}`);
          expect(page.pagination.total).toBe(Object.values(ids).length);
          seen.push(...page.data.map((t: any) => t.id));
        }
        expect(seen.sort()).toEqual(Object.values(ids).sort());
      }
    });

    it('refuses a cursor from another sort, a limit over 100 and bad enums with 400', async () => {
      const page = await list('sort=priority&limit=1');
      await http()
        .get(`/api/v1/tickets?sort=createdAt&cursor=${page.pagination.nextCursor}`)
        .set(...(await as(agent)))
        .expect(400);
      await http()
        .get('/api/v1/tickets?cursor=garbage')
        .set(...(await as(agent)))
        .expect(400);
      await http()
        .get('/api/v1/tickets?limit=101')
        .set(...(await as(agent)))
        .expect(400);
      await http()
        .get('/api/v1/tickets?status=DONE')
        .set(...(await as(agent)))
        .expect(400);
      await http()
        .get('/api/v1/tickets?sort=title')
        .set(...(await as(agent)))
        .expect(400);
      await http()
        .get('/api/v1/tickets?assigneeId=someone')
        .set(...(await as(agent)))
        .expect(400);
      await http()
        .get('/api/v1/tickets?createdFrom=yesterday')
        .set(...(await as(agent)))
        .expect(400);
    });

    it('searches title, description and public messages; internal notes only for staff', async () => {
      await http()
        .post(`/api/v1/tickets/${ids.low}/messages`)
        .set(...(await as(agent)))
        .send({ body: 'Replaced the xylophone cable', internal: true })
        .expect(201);
      await http()
        .post(`/api/v1/tickets/${ids.high}/messages`)
        .set(...(await as(requester)))
        .send({ body: 'It happens with the quokka client' })
        .expect(201);
      expect((await list('q=outage')).data.map((t: any) => t.id)).toEqual([ids.urgent]);
      expect((await list('q=zebra')).data.map((t: any) => t.id)).toEqual([ids.medium]);
      expect((await list('q=quokka')).data.map((t: any) => t.id)).toEqual([ids.high]);
      expect((await list('q=xylophone')).data.map((t: any) => t.id)).toEqual([ids.low]);
      const asRequester = await list('q=xylophone', requester);
      expect(asRequester.data).toEqual([]);
      expect(asRequester.pagination.total).toBe(0);
      expect((await list('q=quokka', requester)).pagination.total).toBe(1);
    });

    it('costs the same number of queries for 10 or 100 tickets (no N+1)', async () => {
      for (let i = 0; i < 6; i++) await createTicket(requester, { departmentId: dept.id });
      const ds = app.get(DataSource);
      const logger = ds.logger;
      let count = 0;
      const original = logger.logQuery.bind(logger);
      logger.logQuery = (...args: Parameters<typeof logger.logQuery>) => {
        count++;
        return original(...args);
      };
      try {
        const auth = await as(agent);
        await http()
          .get('/api/v1/tickets?limit=2')
          .set(...auth)
          .expect(200);
        count = 0;
        await http()
          .get('/api/v1/tickets?limit=2')
          .set(...auth)
          .expect(200);
        const small = count;
        count = 0;
        const res = await http()
          .get('/api/v1/tickets?limit=100')
          .set(...auth)
          .expect(200);
        expect(res.body.data.length).toBe(10);
        expect(count).toBe(small);
        expect(count).toBeLessThanOrEqual(3);
      } finally {
        logger.logQuery = original;
      }
    });
  });

  describe('edits', () => {
    it('lets the requester edit title and description while OPEN, nothing else', async () => {
      const t = await createTicket(requester);
      const res = await http()
        .patch(`/api/v1/tickets/${t.id}`)
        .set(...(await as(requester)))
        .send({ title: 'Renamed by me' })
        .expect(200);
      expect(res.body.data).toMatchObject({ title: 'Renamed by me', version: 2 });
      await http()
        .patch(`/api/v1/tickets/${t.id}`)
        .set(...(await as(requester)))
        .send({ priority: 'URGENT' })
        .expect(403);
      await http()
        .post(`/api/v1/tickets/${t.id}/status`)
        .set(...(await as(agentA)))
        .send({ status: 'IN_PROGRESS' })
        .expect(200);
      await http()
        .patch(`/api/v1/tickets/${t.id}`)
        .set(...(await as(requester)))
        .send({ title: 'Too late now' })
        .expect(403);
    });

    it('lets staff change priority with a PRIORITY_CHANGED history row', async () => {
      const t = await createTicket(requester);
      await http()
        .patch(`/api/v1/tickets/${t.id}`)
        .set(...(await as(agentA)))
        .send({ priority: 'HIGH', tags: ['x'] })
        .expect(200);
      const h = await http()
        .get(`/api/v1/tickets/${t.id}/history`)
        .set(...(await as(agentA)))
        .expect(200);
      const types = h.body.data.map((e: any) => e.type);
      expect(types).toEqual(['CREATED', 'PRIORITY_CHANGED', 'FIELD_CHANGED']);
      expect(h.body.data[1].details).toEqual({ from: 'MEDIUM', to: 'HIGH' });
      expect(h.body.data[2].details).toEqual({ field: 'tags', from: [], to: ['x'] });
    });

    it('answers a stale If-Match with 409 and a current one with 200', async () => {
      const t = await createTicket(requester);
      await http()
        .patch(`/api/v1/tickets/${t.id}`)
        .set(...(await as(agentA)))
        .set('If-Match', '1')
        .send({ priority: 'LOW' })
        .expect(200);
      const stale = await http()
        .patch(`/api/v1/tickets/${t.id}`)
        .set(...(await as(agentA)))
        .set('If-Match', '1')
        .send({ priority: 'HIGH' })
        .expect(409);
      expect(stale.body.error.code).toBe('CONFLICT');
      await http()
        .patch(`/api/v1/tickets/${t.id}`)
        .set(...(await as(agentA)))
        .set('If-Match', '"2"')
        .send({ priority: 'HIGH' })
        .expect(200);
      await http()
        .patch(`/api/v1/tickets/${t.id}`)
        .set(...(await as(agentA)))
        .set('If-Match', 'banana')
        .send({ priority: 'HIGH' })
        .expect(400);
    });

    it('keeps teams within the ticket’s department', async () => {
      const t = await createTicket(requester);
      const teamA = await makeTeam(deptA.id);
      const teamB = await makeTeam(deptB.id);
      await http()
        .patch(`/api/v1/tickets/${t.id}`)
        .set(...(await as(agentA)))
        .send({ teamId: teamB.id })
        .expect(409);
      const ok = await http()
        .patch(`/api/v1/tickets/${t.id}`)
        .set(...(await as(agentA)))
        .send({ teamId: teamA.id })
        .expect(200);
      expect(ok.body.data.teamId).toBe(teamA.id);
      await http()
        .patch(`/api/v1/tickets/${t.id}`)
        .set(...(await as(agentA)))
        .send({ teamId: null })
        .expect(200);
    });

    it('refuses an empty edit with 400', async () => {
      const t = await createTicket(requester);
      await http()
        .patch(`/api/v1/tickets/${t.id}`)
        .set(...(await as(agentA)))
        .send({})
        .expect(400);
    });
  });

  describe('lifecycle', () => {
    const move = async (id: string, who: TestUser, status: string) =>
      http()
        .post(`/api/v1/tickets/${id}/status`)
        .set(...(await as(who)))
        .send({ status, reason: 'because' });

    it('walks the staff path and sets resolvedAt and closedAt', async () => {
      const t = await createTicket(requester);
      expect((await move(t.id, agentA, 'IN_PROGRESS')).status).toBe(200);
      const resolved = await move(t.id, leadA, 'RESOLVED');
      expect(resolved.body.data.resolvedAt).toEqual(expect.any(String));
      const closed = await move(t.id, requester, 'CLOSED');
      expect(closed.status).toBe(200);
      expect(closed.body.data.closedAt).toEqual(expect.any(String));
      const again = await move(t.id, admin, 'IN_PROGRESS');
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('INVALID_TRANSITION');
      const h = await http()
        .get(`/api/v1/tickets/${t.id}/history`)
        .set(...(await as(requester)))
        .expect(200);
      expect(h.body.data.filter((e: any) => e.type === 'STATUS_CHANGED').map((e: any) => e.details)).toEqual([
        { from: 'OPEN', to: 'IN_PROGRESS', reason: 'because' },
        { from: 'IN_PROGRESS', to: 'RESOLVED', reason: 'because' },
        { from: 'RESOLVED', to: 'CLOSED', reason: 'because' },
      ]);
    });

    it('answers moves outside the table with 409 and moves the requester may not make with 403', async () => {
      const t = await createTicket(requester);
      expect((await move(t.id, agentA, 'CLOSED')).status).toBe(409);
      expect((await move(t.id, agentA, 'OPEN')).status).toBe(409);
      expect((await move(t.id, requester, 'IN_PROGRESS')).status).toBe(403);
      expect((await move(t.id, agentA, 'PENDING_APPROVAL')).status).toBe(409);
      expect((await move(t.id, requester, 'CANCELLED')).status).toBe(200);
      expect((await move(t.id, agentA, 'OPEN')).body.error.code).toBe('INVALID_TRANSITION');
    });

    it('lets the requester reopen a resolved ticket', async () => {
      const t = await createTicket(requester);
      await move(t.id, agentA, 'RESOLVED');
      const reopened = await move(t.id, requester, 'IN_PROGRESS');
      expect(reopened.status).toBe(200);
      expect(reopened.body.data.resolvedAt).toBeNull();
    });

    it('counts transitions in /metrics', async () => {
      const res = await http().get('/metrics').expect(200);
      expect(res.text).toMatch(/ticket_status_transitions_total\{from="OPEN",to="IN_PROGRESS"\} \d+/);
      expect(res.text).toMatch(/tickets_created_total\{priority="MEDIUM"\} \d+/);
    });
  });

  describe('messages and internal notes', () => {
    it('keeps internal notes from the requester everywhere', async () => {
      const t = await createTicket(requester);
      await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(requester)))
        .send({ body: 'Any news?' })
        .expect(201);
      const note = await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(agentA)))
        .send({ body: 'Secret: user is VIP', internal: true })
        .expect(201);
      expect(note.body.data.internal).toBe(true);
      await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(agentA)))
        .send({ body: 'Looking into it' })
        .expect(201);

      const mine = await http()
        .get(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(requester)))
        .expect(200);
      expect(mine.body.data.map((m: any) => m.body)).toEqual(['Any news?', 'Looking into it']);
      expect(mine.body.pagination.total).toBe(2);
      expect(JSON.stringify(mine.body)).not.toContain('VIP');

      const staff = await http()
        .get(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(agentA)))
        .expect(200);
      expect(staff.body.data.map((m: any) => m.body)).toEqual([
        'Any news?',
        'Secret: user is VIP',
        'Looking into it',
      ]);

      const history = await http()
        .get(`/api/v1/tickets/${t.id}/history`)
        .set(...(await as(requester)))
        .expect(200);
      expect(history.body.data.map((h: any) => h.type)).not.toContain('NOTE_ADDED');
      expect(JSON.stringify(history.body)).not.toContain(note.body.data.id);
      const staffHistory = await http()
        .get(`/api/v1/tickets/${t.id}/history`)
        .set(...(await as(agentA)))
        .expect(200);
      expect(staffHistory.body.data.map((h: any) => h.type)).toContain('NOTE_ADDED');
    });

    it('keeps notes from staff who only requested the ticket (another department)', async () => {
      const t = await createTicket(agentB); // an agent of department B asks department A for help
      await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(agentA)))
        .send({ body: 'hr-only remark about the caller', internal: true })
        .expect(201);
      const msgs = await http()
        .get(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(agentB)))
        .expect(200);
      expect(JSON.stringify(msgs.body)).not.toContain('hr-only');
      expect(msgs.body.pagination.total).toBe(0);
      const history = await http()
        .get(`/api/v1/tickets/${t.id}/history`)
        .set(...(await as(agentB)))
        .expect(200);
      expect(history.body.data.map((h: any) => h.type)).not.toContain('NOTE_ADDED');
      const search = await http()
        .get('/api/v1/tickets?q=hr-only')
        .set(...(await as(agentB)))
        .expect(200);
      expect(search.body.pagination.total).toBe(0);
      const staffSearch = await http()
        .get('/api/v1/tickets?q=hr-only')
        .set(...(await as(agentA)))
        .expect(200);
      expect(staffSearch.body.data.map((x: any) => x.id)).toContain(t.id);
    });

    it('refuses internal notes from the requester with 403', async () => {
      const t = await createTicket(requester);
      await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(requester)))
        .send({ body: 'sneaky', internal: true })
        .expect(403);
    });

    it('sets firstResponseAt on the first public staff reply only', async () => {
      const t = await createTicket(requester);
      await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(agentA)))
        .send({ body: 'note', internal: true })
        .expect(201);
      let current = await http()
        .get(`/api/v1/tickets/${t.id}`)
        .set(...(await as(agentA)))
        .expect(200);
      expect(current.body.data.firstResponseAt).toBeNull();
      const reply = await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(agentA)))
        .send({ body: 'Hello' })
        .expect(201);
      await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(leadA)))
        .send({ body: 'Hello again' })
        .expect(201);
      current = await http()
        .get(`/api/v1/tickets/${t.id}`)
        .set(...(await as(agentA)))
        .expect(200);
      expect(current.body.data.firstResponseAt).toBe(reply.body.data.createdAt);
    });

    it('moves PENDING_USER back to IN_PROGRESS when the requester replies', async () => {
      const t = await createTicket(requester);
      await http()
        .post(`/api/v1/tickets/${t.id}/status`)
        .set(...(await as(agentA)))
        .send({ status: 'PENDING_USER' })
        .expect(200);
      await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(requester)))
        .send({ body: 'Here is the info' })
        .expect(201);
      const after = await http()
        .get(`/api/v1/tickets/${t.id}`)
        .set(...(await as(requester)))
        .expect(200);
      expect(after.body.data.status).toBe('IN_PROGRESS');
    });

    it('pages messages oldest first and validates the body', async () => {
      const t = await createTicket(requester);
      for (const body of ['one', 'two', 'three']) {
        await http()
          .post(`/api/v1/tickets/${t.id}/messages`)
          .set(...(await as(requester)))
          .send({ body })
          .expect(201);
      }
      const p2 = await http()
        .get(`/api/v1/tickets/${t.id}/messages?page=2&limit=2`)
        .set(...(await as(requester)))
        .expect(200);
      expect(p2.body.data.map((m: any) => m.body)).toEqual(['three']);
      expect(p2.body.pagination).toMatchObject({ page: 2, limit: 2, total: 3, totalPages: 2 });
      await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(requester)))
        .send({ body: '' })
        .expect(400);
      await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(requester)))
        .send({ body: 'x', internal: 'yes' })
        .expect(400);
    });
  });

  describe('append-only records', () => {
    it('refuses UPDATE and DELETE on history and messages in the database itself', async () => {
      const t = await createTicket(requester);
      await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(requester)))
        .send({ body: 'original' })
        .expect(201);
      await expect(sql(`UPDATE ticket_history SET type = 'X' WHERE ticket_id = $1`, [t.id])).rejects.toThrow(
        /append-only/,
      );
      await expect(sql(`DELETE FROM ticket_history WHERE ticket_id = $1`, [t.id])).rejects.toThrow(
        /append-only/,
      );
      await expect(
        sql(`UPDATE ticket_messages SET body = 'edited' WHERE ticket_id = $1`, [t.id]),
      ).rejects.toThrow(/append-only/);
      await expect(sql(`DELETE FROM ticket_messages WHERE ticket_id = $1`, [t.id])).rejects.toThrow(
        /append-only/,
      );
      const [m] = await sql<{ body: string }>('SELECT body FROM ticket_messages WHERE ticket_id = $1', [
        t.id,
      ]);
      expect(m.body).toBe('original');
    });
  });

  describe('restricted tickets and view grants', () => {
    it('hides a restricted ticket from its department until access is granted', async () => {
      const t = await createTicket(requester, { visibility: 'RESTRICTED' });
      await http()
        .get(`/api/v1/tickets/${t.id}`)
        .set(...(await as(agentA)))
        .expect(404);
      const list = await http()
        .get(`/api/v1/tickets?departmentId=${deptA.id}&limit=100`)
        .set(...(await as(agentA)))
        .expect(200);
      expect(list.body.data.map((x: any) => x.id)).not.toContain(t.id);
      await http()
        .post(`/api/v1/tickets/${t.id}/access`)
        .set(...(await as(requester)))
        .send({ userId: agentA.id })
        .expect(201);
      await http()
        .get(`/api/v1/tickets/${t.id}`)
        .set(...(await as(agentA)))
        .expect(200);
      // a grant crosses departments too, for reading
      await http()
        .post(`/api/v1/tickets/${t.id}/access`)
        .set(...(await as(requester)))
        .send({ userId: agentB.id })
        .expect(201);
      await http()
        .get(`/api/v1/tickets/${t.id}`)
        .set(...(await as(agentB)))
        .expect(200);
      await http()
        .post(`/api/v1/tickets/${t.id}/status`)
        .set(...(await as(agentB)))
        .send({ status: 'IN_PROGRESS' })
        .expect(403);
      const h = await http()
        .get(`/api/v1/tickets/${t.id}/history`)
        .set(...(await as(admin)))
        .expect(200);
      expect(h.body.data.filter((e: any) => e.type === 'ACCESS_GRANTED')).toHaveLength(2);
    });

    it('refuses grants on INTERNAL tickets (409), to unknown users (400), and by unrelated staff (404)', async () => {
      const t = await createTicket(requester);
      await http()
        .post(`/api/v1/tickets/${t.id}/access`)
        .set(...(await as(requester)))
        .send({ userId: agentB.id })
        .expect(409);
      const r = await createTicket(requester, { visibility: 'RESTRICTED' });
      await http()
        .post(`/api/v1/tickets/${r.id}/access`)
        .set(...(await as(requester)))
        .send({ userId: '00000000-0000-4000-8000-000000000000' })
        .expect(400);
      await http()
        .post(`/api/v1/tickets/${r.id}/access`)
        .set(...(await as(agentA)))
        .send({ userId: agentA.id })
        .expect(404);
    });
  });

  describe('summary', () => {
    it('counts by status within scope and refreshes after a write', async () => {
      const dept = await makeDepartment();
      const lead = await makeUser({ role: 'TEAM_LEAD', departmentId: dept.id });
      await createTicket(requester, { departmentId: dept.id });
      const first = await http()
        .get('/api/v1/tickets/summary')
        .set(...(await as(lead)))
        .expect(200);
      expect(first.body.data.byStatus).toMatchObject({ OPEN: 1, IN_PROGRESS: 0 });
      await createTicket(requester, { departmentId: dept.id });
      await createTicket(requester, { departmentId: dept.id, visibility: 'RESTRICTED' });
      const second = await http()
        .get('/api/v1/tickets/summary')
        .set(...(await as(lead)))
        .expect(200);
      expect(second.body.data.byStatus.OPEN).toBe(2);
      const adminView = await http()
        .get(`/api/v1/tickets/summary?departmentId=${dept.id}`)
        .set(...(await as(admin)))
        .expect(200);
      expect(adminView.body.data.byStatus.OPEN).toBe(3);
      await http()
        .get(`/api/v1/tickets/summary?departmentId=${deptB.id}`)
        .set(...(await as(lead)))
        .expect(404);
    });
  });

  describe('PIDs under concurrency', () => {
    let second: NestFastifyApplication;
    beforeAll(async () => {
      second = await startTestApp();
    });
    afterAll(async () => {
      await second?.close();
    });

    it('gives 40 concurrent creates on two instances 40 distinct, consecutive PIDs', async () => {
      const auth = await as(requester);
      const title = unique('pid-race');
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          request((i % 2 === 0 ? app : second).getHttpServer())
            .post('/api/v1/tickets')
            .set(...auth)
            .send({ title, description: `n${i}` }),
        ),
      );
      expect(results.every((r) => r.status === 201)).toBe(true);
      const pids = results.map((r) => r.body.data.pid as string);
      expect(new Set(pids).size).toBe(40);
      const numbers = pids.map((p) => Number(p.slice(-6))).sort((a, b) => a - b);
      expect(numbers[39] - numbers[0]).toBe(39);
    });
  });
});
