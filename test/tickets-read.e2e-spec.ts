import { DataSource } from 'typeorm';
import { makeDepartment, makeUser, TestUser } from './support/factories';
import { ticketSuite } from './support/ticket-suite';

describe('tickets (e2e)', () => {
  const { w, http, as, get, post, patch, createTicket } = ticketSuite();

  describe('reading and scope', () => {
    it('finds a ticket by id and by PID', async () => {
      const t = await createTicket(w.requester);
      const byId = await get(w.requester, `/tickets/${t.id}`);
      expect(byId.status).toBe(200);
      const byPid = await get(w.agentA, `/tickets/${t.pid}`);
      expect(byPid.status).toBe(200);
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
          .set(...(await as(w.admin)))
          .expect(404);
      }
      expect((await patch(w.admin, '/tickets/123', { title: 'abc' })).status).toBe(404);
    });

    describe('BOLA matrix: another end user and an agent of another department see nothing', () => {
      let ticket: Record<string, any>;
      beforeAll(async () => {
        ticket = await createTicket(w.requester);
      });
      const routes: Array<[string, (id: string) => [string, string, Record<string, unknown>?]]> = [
        ['GET ticket', (id) => ['get', `/api/v1/tickets/${id}`]],
        ['PATCH ticket', (id) => ['patch', `/api/v1/tickets/${id}`, { title: 'Hijacked' }]],
        ['POST status', (id) => ['post', `/api/v1/tickets/${id}/status`, { status: 'CANCELLED' }]],
        ['POST message', (id) => ['post', `/api/v1/tickets/${id}/messages`, { body: 'hello' }]],
        ['GET messages', (id) => ['get', `/api/v1/tickets/${id}/messages`]],
        ['GET history', (id) => ['get', `/api/v1/tickets/${id}/history`]],
        ['POST access', (id) => ['post', `/api/v1/tickets/${id}/access`, { userId: w.otherUser.id }]],
      ];
      for (const [label, route] of routes) {
        for (const who of ['another end user', 'an agent of another department'] as const) {
          it(`${label}: ${who} gets 404`, async () => {
            const [method, path, body] = route(ticket.id);
            const caller = who === 'another end user' ? w.otherUser : w.agentB;
            const req = (http() as any)[method](path).set(...(await as(caller)));
            const res = body ? await req.send(body) : await req;
            expect(res.status).toBe(404);
            expect(res.body.error.code).toBe('NOT_FOUND');
          });
        }
      }
      it('the PID route is as blind as the id route', async () => {
        expect((await get(w.otherUser, `/tickets/${ticket.pid}`)).status).toBe(404);
        expect((await get(w.agentB, `/tickets/${ticket.pid}`)).status).toBe(404);
      });
    });

    it('lists only own tickets for an END_USER, with a total that agrees', async () => {
      const mine = await makeUser();
      for (let i = 0; i < 3; i++) await createTicket(mine);
      await createTicket(w.otherUser);
      const res = await get(mine, '/tickets?limit=100');
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(3);
      expect(res.body.data.every((t: any) => t.requesterId === mine.id)).toBe(true);
      expect(res.body.pagination).toMatchObject({ page: 1, limit: 100, total: 3, totalPages: 1 });
      // filters cannot widen the scope
      const widened = await get(mine, `/tickets?requesterId=${w.otherUser.id}`);
      expect(widened.status).toBe(200);
      expect(widened.body.pagination.total).toBe(0);
    });

    it('lists a department’s tickets for its agents and not for others', async () => {
      const dept = await makeDepartment();
      const agent = await makeUser({ role: 'AGENT', departmentId: dept.id });
      const t = await createTicket(w.requester, { departmentId: dept.id });
      const own = await get(agent, '/tickets?limit=100');
      expect(own.status).toBe(200);
      expect(own.body.data.map((x: any) => x.id)).toEqual([t.id]);
      expect(own.body.pagination.total).toBe(1);
      const other = await get(w.agentB, `/tickets?departmentId=${dept.id}`);
      expect(other.status).toBe(200);
      expect(other.body.pagination.total).toBe(0);
      const all = await get(w.admin, `/tickets?departmentId=${dept.id}`);
      expect(all.status).toBe(200);
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
        (await createTicket(w.requester, { departmentId: dept.id, ...body })).id as string;
      ids = {
        low: await mk({ priority: 'LOW', tags: ['hardware'], title: 'Broken keyboard' }),
        urgent: await mk({ priority: 'URGENT', tags: ['network'], title: 'Network outage on floor three' }),
        high: await mk({ priority: 'HIGH', tags: ['network', 'vpn'], title: 'VPN drops every hour' }),
        medium: await mk({ title: 'Monitor flickers', description: 'the zebra pattern appears' }),
      };
      expect((await post(agent, `/tickets/${ids.medium}/status`, { status: 'IN_PROGRESS' })).status).toBe(
        200,
      );
    });
    /** How a GET was answered: status, error code and details (compared whole, with what it was asked). */
    const refusal = async (path: string) => {
      const res = await get(agent, path);
      return { status: res.status, code: res.body.error?.code, details: res.body.error?.details };
    };
    const refused400 = { status: 400, code: 'VALIDATION_ERROR' };
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
      expect((await list(`requesterId=${w.requester.id}`)).pagination.total).toBe(4);
    });

    it('lists each ticket once when a status or priority value is repeated', async () => {
      const once = async (query: string, expected: string[]) => {
        const page = await list(query);
        expect(page.data.map((t: any) => t.id).sort()).toEqual([...expected].sort());
        expect(page.pagination.total).toBe(expected.length);
      };
      for (const extra of ['', '&sort=createdAt', '&limit=1']) {
        await once(`status=OPEN&status=OPEN&priority=HIGH${extra}`, [ids.high]);
        await once(`status=OPEN,OPEN&priority=HIGH,HIGH${extra}`, [ids.high]);
        await once(
          `status=OPEN&priority=HIGH&priority=HIGH&priority=URGENT${extra}`.replace('limit=1', 'limit=5'),
          [ids.high, ids.urgent],
        );
        // with a parameter the quick reader leaves to the full validation
        await once(`status=OPEN&status=OPEN&priority=HIGH&priority=HIGH&tag=vpn${extra}`, [ids.high]);
      }
      // a cursor walk meets each ticket once
      const seen: string[] = [];
      let page = await list('status=OPEN,OPEN,IN_PROGRESS&priority=HIGH,URGENT,HIGH,MEDIUM&limit=1');
      seen.push(...page.data.map((t: any) => t.id));
      while (page.pagination.nextCursor) {
        page = await list(
          `status=OPEN,OPEN,IN_PROGRESS&priority=HIGH,URGENT,HIGH,MEDIUM&limit=1&cursor=${page.pagination.nextCursor}`,
        );
        seen.push(...page.data.map((t: any) => t.id));
      }
      expect(seen.sort()).toEqual([ids.high, ids.urgent, ids.medium].sort());
    });

    it('filters by creation time', async () => {
      const future = new Date(Date.now() + 3600_000).toISOString();
      expect((await list(`createdFrom=${future}`)).pagination.total).toBe(0);
      expect((await list(`createdTo=${future}`)).pagination.total).toBe(4);
    });

    it('reads creation and due times with offsets and fractions of a second, and names the field of any other', async () => {
      const hourAhead = new Date(Date.now() + 3600_000);
      const local = (d: Date, offset: string, sign: 1 | -1, minutes: number) =>
        new Date(d.getTime() + sign * minutes * 60_000).toISOString().replace('Z', '') + '123456' + offset;
      // the same instant, written at +05:30, at -0330 with nine digits of a second, and in UTC
      const later = encodeURIComponent(local(hourAhead, '+05:30', 1, 330));
      expect((await list(`createdFrom=${later}`)).pagination.total).toBe(0);
      expect((await list(`createdTo=${later}`)).pagination.total).toBe(4);
      expect(
        (await list(`createdTo=${encodeURIComponent(local(hourAhead, '-0330', -1, 210))}`)).pagination.total,
      ).toBe(4);
      expect((await list('createdFrom=2020-01-01&createdTo=2020-01-02T00:00')).pagination.total).toBe(0);
      expect(
        (await list(`dueBefore=${encodeURIComponent('9999-12-31T23:59:59.999Z')}`)).pagination.total,
      ).toBe(0);
      for (const field of ['createdFrom', 'createdTo', 'dueBefore'])
        for (const value of [
          '2024-02-30T00:00:00Z', // no such day (JavaScript reads March 1)
          '2023-02-29',
          '2026-01-01T24:00:00Z',
          '0000-01-01T00:00:00Z', // no year 0 in PostgreSQL
          '+275760-09-13T00:00:00Z',
          '9999-12-31T23:59:59-00:01', // year 10000 in UTC
          '2026-01-01T00:00:00+16:00', // PostgreSQL refuses offsets past 15:59
          '2026-01-01T00:00:00+23:59',
          '2026-01-01T10Z', // ISO 8601 forms JavaScript cannot read
          '2026-01-01T10:00:00,5Z',
          '2026-01-01T10:00:00+05',
          '-2026-01-01T00:00:00Z',
          '2026-W01-1',
          '2026',
        ]) {
          expect({ value, ...(await refusal(`/tickets?${field}=${encodeURIComponent(value)}`)) }).toEqual({
            value,
            ...refused400,
            details: [{ field, message: expect.stringContaining('ISO 8601') }],
          });
        }
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
      expect((await get(agent, `/tickets?sort=createdAt&cursor=${page.pagination.nextCursor}`)).status).toBe(
        400,
      );
      expect((await get(agent, '/tickets?cursor=garbage')).status).toBe(400);
      // keys PostgreSQL would refuse (an offset past 15:59, a day the calendar lacks, the year 0) are not a cursor:
      // refused as one, before any query runs
      const cursor = (key: string) =>
        Buffer.from(
          JSON.stringify({ s: '-createdAt', k: [key], id: '00000000-0000-4000-8000-000000000000' }),
        ).toString('base64url');
      for (const key of [
        '2026-01-01T10:00:00+16:00',
        '2026-01-01 10:00:00+23',
        '2026-13-45 10:00:00+00',
        '2026-02-31 00:00:00+00',
        '0000-01-01 00:00:00+00',
        '2026-01-01 24:00:00+00',
      ]) {
        expect({ key, ...(await refusal(`/tickets?cursor=${cursor(key)}`)) }).toEqual({
          key,
          ...refused400,
          details: [{ field: 'cursor', message: 'is not a cursor returned for this sort' }],
        });
      }
      expect((await get(agent, `/tickets?cursor=${cursor('2026-01-01 10:00:00+00')}`)).status).toBe(200);
      expect((await get(agent, `/tickets?cursor=${cursor('2026-01-01 10:00:00.123456+05:30')}`)).status).toBe(
        200,
      );
      expect((await get(agent, '/tickets?limit=101')).status).toBe(400);
      expect((await get(agent, '/tickets?status=DONE')).status).toBe(400);
      expect((await get(agent, '/tickets?sort=title')).status).toBe(400);
      expect((await get(agent, '/tickets?assigneeId=someone')).status).toBe(400);
      expect((await get(agent, '/tickets?createdFrom=yesterday')).status).toBe(400);
    });

    it('searches title, description and public messages; internal notes only for staff', async () => {
      expect(
        (
          await post(agent, `/tickets/${ids.low}/messages`, {
            body: 'Replaced the xylophone cable',
            internal: true,
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await post(w.requester, `/tickets/${ids.high}/messages`, {
            body: 'It happens with the quokka client',
          })
        ).status,
      ).toBe(201);
      expect((await list('q=outage')).data.map((t: any) => t.id)).toEqual([ids.urgent]);
      expect((await list('q=zebra')).data.map((t: any) => t.id)).toEqual([ids.medium]);
      expect((await list('q=quokka')).data.map((t: any) => t.id)).toEqual([ids.high]);
      expect((await list('q=xylophone')).data.map((t: any) => t.id)).toEqual([ids.low]);
      const asRequester = await list('q=xylophone', w.requester);
      expect(asRequester.data).toEqual([]);
      expect(asRequester.pagination.total).toBe(0);
      expect((await list('q=quokka', w.requester)).pagination.total).toBe(1);
    });

    it('costs the same number of queries for 10 or 100 tickets (no N+1)', async () => {
      for (let i = 0; i < 6; i++) await createTicket(w.requester, { departmentId: dept.id });
      const ds = w.app.get(DataSource);
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
});
