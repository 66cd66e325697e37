import { suiteApp } from './support/app';
import request from 'supertest';
import { makeDepartment, makeUser, sql, unique } from './support/factories';
import { ticketSuite } from './support/ticket-suite';
import { formatPid } from '../src/modules/tickets/domain/pid';
import { PID_SQL } from '../src/modules/tickets/persistence/pid.sql';
import { TicketRepository } from '../src/modules/tickets/ticket-repository.port';

describe('tickets (e2e)', () => {
  const { w, http, as, get, post, createTicket } = ticketSuite();

  describe('create', () => {
    it('opens a ticket with a PID, defaults and a CREATED history row', async () => {
      const t = await createTicket(w.requester, {
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
        requesterId: w.requester.id,
        departmentId: w.deptA.id,
        assigneeId: null,
        tags: ['laptop', 'vpn'],
        customFields: { asset: 'L-42' },
        version: 1,
      });
      const history = await get(w.requester, `/tickets/${t.id}/history`);
      expect(history.status).toBe(200);
      expect(history.body.data.map((h: any) => h.type)).toEqual(['CREATED']);
      expect(history.body.data[0].actorId).toBe(w.requester.id);
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
        .set(...(await as(w.requester)))
        .send({ title: 'Valid title', description: 'd', ...patch });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details.map((d: any) => d.field)).toContain(field);
    });

    it('refuses an array body and an unknown department with 400', async () => {
      expect((await post(w.requester, '/tickets', [{ title: 'x' }])).status).toBe(400);
      const res = await http()
        .post('/api/v1/tickets')
        .set(...(await as(w.requester)))
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
      const body = { title: 'Same request', description: 'twice', departmentId: w.deptA.id };
      const first = await http()
        .post('/api/v1/tickets')
        .set(...(await as(w.requester)))
        .set('Idempotency-Key', key)
        .send(body);
      const second = await http()
        .post('/api/v1/tickets')
        .set(...(await as(w.requester)))
        .set('Idempotency-Key', key)
        .send({ departmentId: w.deptA.id, description: 'twice', title: 'Same request' });
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body.data.id).toBe(first.body.data.id);
    });

    it('answers 422 for the same key with another body', async () => {
      const key = unique('idem');
      await http()
        .post('/api/v1/tickets')
        .set(...(await as(w.requester)))
        .set('Idempotency-Key', key)
        .send({ title: 'One body', description: 'a' })
        .expect(201);
      const res = await http()
        .post('/api/v1/tickets')
        .set(...(await as(w.requester)))
        .set('Idempotency-Key', key)
        .send({ title: 'Another body', description: 'b' })
        .expect(422);
      expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('keeps keys per user', async () => {
      const key = unique('idem');
      const a = await http()
        .post('/api/v1/tickets')
        .set(...(await as(w.requester)))
        .set('Idempotency-Key', key)
        .send({ title: 'Per user', description: 'a' });
      const b = await http()
        .post('/api/v1/tickets')
        .set(...(await as(w.otherUser)))
        .set('Idempotency-Key', key)
        .send({ title: 'Per user', description: 'a' });
      expect(a.body.data.id).not.toBe(b.body.data.id);
    });

    it('creates one ticket from concurrent requests with one key', async () => {
      const key = unique('race');
      const auth = await as(w.requester);
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
        .set(...(await as(w.requester)))
        .set('Idempotency-Key', 'k'.repeat(256))
        .send({ title: 'Long key', description: 'x' })
        .expect(400);
    });
  });

  describe('summary', () => {
    it('counts by status within scope and refreshes after a write', async () => {
      const dept = await makeDepartment();
      const lead = await makeUser({ role: 'TEAM_LEAD', departmentId: dept.id });
      await createTicket(w.requester, { departmentId: dept.id });
      const first = await get(lead, '/tickets/summary');
      expect(first.status).toBe(200);
      expect(first.body.data.byStatus).toMatchObject({ OPEN: 1, IN_PROGRESS: 0 });
      await createTicket(w.requester, { departmentId: dept.id });
      await createTicket(w.requester, { departmentId: dept.id, visibility: 'RESTRICTED' });
      const second = await get(lead, '/tickets/summary');
      expect(second.status).toBe(200);
      expect(second.body.data.byStatus.OPEN).toBe(2);
      const adminView = await get(w.admin, `/tickets/summary?departmentId=${dept.id}`);
      expect(adminView.status).toBe(200);
      expect(adminView.body.data.byStatus.OPEN).toBe(3);
      expect((await get(lead, `/tickets/summary?departmentId=${w.deptB.id}`)).status).toBe(404);
    });

    it('reads a department id in any case: the lead gets their own, the admin a count that writes refresh', async () => {
      const dept = await makeDepartment();
      const lead = await makeUser({ role: 'TEAM_LEAD', departmentId: dept.id });
      await createTicket(w.requester, { departmentId: dept.id });
      const upper = `/tickets/summary?departmentId=${dept.id.toUpperCase()}`;
      for (const who of [lead, w.admin]) {
        const res = await get(who, upper);
        expect(res.status).toBe(200);
        expect(res.body.data.byStatus.OPEN).toBe(1);
      }
      await createTicket(w.requester, { departmentId: dept.id });
      expect((await get(w.admin, upper)).body.data.byStatus.OPEN).toBe(2);
    });

    it('never serves counts taken before a write to a read after its response', async () => {
      const dept = await makeDepartment();
      const lead = await makeUser({ role: 'TEAM_LEAD', departmentId: dept.id });
      await createTicket(w.requester, { departmentId: dept.id });
      // the first read counts (the real query), then waits until the write below has answered, then caches
      const repository = w.app.get(TicketRepository);
      const count = repository.countByStatus.bind(repository);
      let counted!: () => void;
      const reachedGate = new Promise<void>((resolve) => (counted = resolve));
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const spy = jest.spyOn(repository, 'countByStatus').mockImplementationOnce(async (...args) => {
        const counts = await count(...args);
        counted();
        await gate;
        return counts;
      });
      try {
        const early = get(lead, '/tickets/summary');
        await reachedGate;
        await createTicket(w.requester, { departmentId: dept.id });
        open();
        expect((await early).body.data.byStatus.OPEN).toBe(1);
        // the early read stored its counts after the write: a read now must not get them
        expect((await get(lead, '/tickets/summary')).body.data.byStatus.OPEN).toBe(2);
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('PIDs under concurrency', () => {
    const second = suiteApp();

    it('gives 40 concurrent creates on two instances 40 distinct, consecutive PIDs', async () => {
      const auth = await as(w.requester);
      const title = unique('pid-race');
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          request((i % 2 === 0 ? w.app : second()).getHttpServer())
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

    it('starts a month already counted by ticket_counters after its last value, and keeps every digit past 999,999', async () => {
      // a month that the row counter numbered before the per-month sequences took over
      await sql(`INSERT INTO ticket_counters (period, last_value) VALUES ('209901', 41)`);
      const [first] = await sql<{ n: string }>(`SELECT ticket_pid_next('209901') AS n`);
      const [second] = await sql<{ n: string }>(`SELECT ticket_pid_next('209901') AS n`);
      expect([Number(first.n), Number(second.n)]).toEqual([42, 43]);
      const [fresh] = await sql<{ n: string }>(`SELECT ticket_pid_next('209902') AS n`);
      expect(Number(fresh.n)).toBe(1);
      await sql(`SELECT setval('ticket_pid_seq_209902', 999999)`);
      const [big] = await sql<{ pid: string }>(
        `SELECT ${PID_SQL("'209902'", 's.n')} AS pid FROM (SELECT ticket_pid_next('209902') AS n) s`,
      );
      expect(big.pid).toBe(formatPid('209902', 1_000_000));
      const [small] = await sql<{ pid: string }>(`SELECT ${PID_SQL("'209902'", '42')} AS pid`);
      expect(small.pid).toBe(formatPid('209902', 42));
      await expect(sql(`SELECT ticket_pid_next('2099-1')`)).rejects.toThrow(/bad PID period/);
    });
  });
});
