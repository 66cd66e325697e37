import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import request from 'supertest';
import { SLA_QUEUE, SLA_SWEEP_SCHEDULER } from '../src/modules/sla/sla-breach.consumer';
import { SlaBreachSweepService } from '../src/modules/sla/sla-breach-sweep.service';
import { startTestApp } from './support/app';
import { makeDepartment, makeUser, TestUser, unique } from './support/factories';
import { bearer, login } from './support/http';
import { createPrivateDatabase, PrivateDatabase } from './support/private-database';
import { schedulesOf } from './support/queues';
import { recipientOf, TestSmtpServer } from './support/smtp';
import { eventually } from './support/webhook-receiver';

/** The breach sweep: two workers racing mark each breach once; notices reach the assignee and the team leads. */
describe('SLA breach sweep (e2e)', () => {
  let db: PrivateDatabase;
  let pg: Client;
  let smtp: TestSmtpServer;
  const apps: NestFastifyApplication[] = [];
  let dept: { id: string };
  let requester: TestUser;
  let agent: TestUser;
  let lead: TestUser;
  let admin: TestUser;
  const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    (await pg.query(text, params)).rows as T[];
  const tokens = new Map<string, [string, string]>();
  const as = async (u: TestUser) => {
    if (!tokens.has(u.id)) tokens.set(u.id, bearer(await login(apps[0], u.email, u.password)));
    return tokens.get(u.id)!;
  };
  const http = () => request(apps[0].getHttpServer());

  /** a ticket of the department, assigned to the agent, both of its targets already past */
  const overdueTicket = async (overdueBy = '1 minute', description = 'no tunnel') => {
    const created = await http()
      .post('/api/v1/tickets')
      .set(...(await as(requester)))
      .send({ title: `VPN down ${unique()}`, description, departmentId: dept.id });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;
    const assigned = await http()
      .post(`/api/v1/tickets/${id}/assign`)
      .set(...(await as(lead)))
      .send({ assigneeId: agent.id });
    expect(assigned.status).toBe(200);
    await q(
      `UPDATE tickets SET first_response_due_at = now() - $2::interval, due_at = now() - $2::interval
        WHERE id = $1`,
      [id, overdueBy],
    );
    return { id, pid: created.body.data.pid as string };
  };
  /** from here on, until `allowBreaches`, the database refuses to record breaches of tickets described so */
  const REFUSED = 'refused';
  const refuseBreaches = async () => {
    await q(`CREATE FUNCTION refuse_breach() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN
                 IF EXISTS (SELECT 1 FROM tickets WHERE id = NEW.ticket_id AND description = '${REFUSED}') THEN
                   RAISE EXCEPTION 'breach refused for this ticket';
                 END IF;
                 RETURN NEW;
               END $$`);
    await q(`CREATE TRIGGER refuse_breach BEFORE INSERT ON sla_breaches FOR EACH ROW
               EXECUTE FUNCTION refuse_breach()`);
  };
  const allowBreaches = async () => {
    await q('DROP TRIGGER refuse_breach ON sla_breaches');
    await q('DROP FUNCTION refuse_breach()');
  };
  const breachCounts = async (id: string) =>
    (
      await q<{ breaches: string; history: string; events: string }>(
        `SELECT (SELECT count(*) FROM sla_breaches WHERE ticket_id = $1) AS breaches,
                (SELECT count(*) FROM ticket_history WHERE ticket_id = $1 AND type = 'SLA_BREACHED') AS history,
                (SELECT count(*) FROM outbox_events WHERE aggregate_id = $1 AND type = 'sla.breached') AS events`,
        [id],
      )
    ).map((r) => ({ breaches: Number(r.breaches), history: Number(r.history), events: Number(r.events) }))[0];

  beforeAll(async () => {
    [db, smtp] = await Promise.all([createPrivateDatabase('sla'), new TestSmtpServer().start()]);
    process.env.DATABASE_URL = db.url; // the factories write where the apps read
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    const env = {
      DATABASE_URL: db.url,
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}sla:`,
      SMTP_URL: smtp.url,
      OUTBOX_POLL_INTERVAL_MS: '100',
      SLA_SWEEP_INTERVAL_MS: '1000',
    };
    // two workers, as two replicas would run them: both upsert the one scheduler and both may sweep
    apps.push(await startTestApp({ withWorker: true, env }), await startTestApp({ withWorker: true, env }));
    dept = await makeDepartment();
    requester = await makeUser();
    agent = await makeUser({ role: 'AGENT', departmentId: dept.id, fullName: 'Grace Agent' });
    lead = await makeUser({ role: 'TEAM_LEAD', departmentId: dept.id, fullName: 'Lin Lead' });
    admin = await makeUser({ role: 'ADMIN' });
    const policy = await http()
      .post('/api/v1/sla-policies')
      .set(...(await as(admin)))
      .send({ priority: 'MEDIUM', departmentId: dept.id, firstResponseMinutes: 60, resolutionMinutes: 480 });
    expect(policy.status).toBe(201);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await smtp?.stop();
    await pg?.end();
    await db?.drop();
  });

  it('keeps one sweep schedule however many workers start', async () => {
    expect(await schedulesOf(apps[0], SLA_QUEUE)).toEqual([{ key: SLA_SWEEP_SCHEDULER, every: 1000 }]);
  });

  it('marks each breach exactly once with two workers racing', async () => {
    const tickets = await Promise.all([1, 2, 3, 4, 5].map(() => overdueTicket()));
    const sweepers = apps.map((app) => app.get(SlaBreachSweepService));
    // both workers sweep at once, twice each, alongside whatever the scheduler runs meanwhile
    await Promise.all([...sweepers, ...sweepers].map((s) => s.sweep()));
    for (const t of tickets) expect(await breachCounts(t.id)).toEqual({ breaches: 2, history: 2, events: 2 });
    // a further sweep finds nothing left to mark
    expect(await sweepers[0].sweep()).toEqual({ marked: 0, failed: 0 });

    const res = await http()
      .get(`/api/v1/tickets/${tickets[0].id}`)
      .set(...(await as(agent)));
    expect(res.body.data.sla.firstResponse).toMatchObject({ met: false, breachedAt: expect.any(String) });
    expect(res.body.data.sla.resolution).toMatchObject({ met: false, breachedAt: expect.any(String) });
    const history = await http()
      .get(`/api/v1/tickets/${tickets[0].id}/history?limit=100`)
      .set(...(await as(agent)));
    expect(
      (history.body.data as Array<{ type: string; actorId: string | null; details: { target: string } }>)
        .filter((h) => h.type === 'SLA_BREACHED')
        .map((h) => [h.actorId, h.details.target])
        .sort(),
    ).toEqual([
      [null, 'FIRST_RESPONSE'],
      [null, 'RESOLUTION'],
    ]);
  });

  it('goes on with the other tickets when marking one of them fails', async () => {
    // the most overdue ticket comes first in the sweep; marking it fails in the database (refused before it is
    // overdue, so that no scheduled sweep marks it first)
    await refuseBreaches();
    let failing = { id: '' };
    try {
      failing = await overdueTicket('2 hours', REFUSED);
      const others = await Promise.all([1, 2, 3].map(() => overdueTicket()));
      const metrics = async () => (await http().get('/metrics')).text;
      const failuresBefore = await metrics();
      const run = await apps[0].get(SlaBreachSweepService).sweep();
      // the scheduled sweeps may have marked some of the others already; none of them is left behind
      expect(run.failed).toBeGreaterThanOrEqual(2);
      for (const t of others)
        expect(await breachCounts(t.id)).toEqual({ breaches: 2, history: 2, events: 2 });
      expect(await breachCounts(failing.id)).toEqual({ breaches: 0, history: 0, events: 0 });
      const count = (text: string) =>
        Number(/^sla_breach_mark_failures_total\{target="RESOLUTION"\} (\d+)/m.exec(text)?.[1] ?? 0);
      expect(count(await metrics())).toBeGreaterThan(count(failuresBefore));
    } finally {
      await allowBreaches();
    }
    // once the cause is gone, a later run marks it
    await apps[0].get(SlaBreachSweepService).sweep();
    expect(await breachCounts(failing.id)).toEqual({ breaches: 2, history: 2, events: 2 });
  });

  it('marks the other tickets in the same run when more marks fail than one batch holds', async () => {
    await refuseBreaches();
    try {
      // more refused tickets than a batch of the sweep takes (200 of each target), all more overdue than the others
      const refused = 201;
      await q(
        `INSERT INTO tickets (pid, title, description, status, priority, requester_id, department_id,
           first_response_due_at, due_at)
         SELECT 'TKT-209801-' || lpad(g::text, 6, '0'), 'Refused ' || g, $4, 'OPEN', 'MEDIUM', $1, $2, d.due, d.due
           FROM generate_series(1, $3::int) AS g
           CROSS JOIN LATERAL (SELECT now() - interval '3 hours' - g * interval '1 second' AS due) AS d`,
        [requester.id, dept.id, refused, REFUSED],
      );
      const others = await Promise.all([1, 2, 3].map(() => overdueTicket()));
      const run = await apps[0].get(SlaBreachSweepService).sweep();
      for (const t of others)
        expect(await breachCounts(t.id)).toEqual({ breaches: 2, history: 2, events: 2 });
      // each refused target was tried (and logged and counted) once in the run
      expect(run.failed).toBe(2 * refused);
    } finally {
      // the refused tickets leave the sweep for good before breaches are let through again
      await q(`UPDATE tickets SET first_response_due_at = NULL, due_at = NULL WHERE pid LIKE 'TKT-209801-%'`);
      await allowBreaches();
    }
  });

  it('tells the assignee and the department team leads, in the app and by mail', async () => {
    const t = await overdueTicket();
    await apps[1].get(SlaBreachSweepService).sweep();
    for (const who of [agent, lead]) {
      const mail = await smtp.waitFor(
        (m) => recipientOf(m) === who.email && `${m.subject}`.includes(`[${t.pid}] SLA breached`),
      );
      expect(mail.text).toContain(`Ticket ${t.pid} missed its service-level target.`);
      const mine = await eventually(
        async () => {
          const res = await http()
            .get('/api/v1/notifications?limit=100')
            .set(...(await as(who)));
          const breaches = (res.body.data as Array<{ type: string; ticketId: string }>).filter(
            (n) => n.ticketId === t.id && n.type === 'sla.breached',
          );
          return breaches.length >= 2 ? breaches : undefined;
        },
        15_000,
        `${who.email} hears of both breaches`,
      );
      expect(mine).toHaveLength(2); // first response and resolution
    }
    // the requester hears nothing of it
    expect(smtp.mails.some((m) => recipientOf(m) === requester.email && `${m.subject}`.includes('SLA'))).toBe(
      false,
    );
  });

  it('catches up on breaches missed while no worker ran, through the scheduler alone', async () => {
    const t = await overdueTicket('1 hour');
    const deadline = Date.now() + 30_000;
    while ((await breachCounts(t.id)).breaches < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect(await breachCounts(t.id)).toEqual({ breaches: 2, history: 2, events: 2 });
  });
});
