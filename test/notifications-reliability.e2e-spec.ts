import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { freePort } from '../src/infrastructure/embedded/free-port';
import { startTestApp } from './support/app';
import { makeDepartment, makeUser, sql, TestUser } from './support/factories';
import { bearer, login } from './support/http';
import { startHooks } from './support/mailing';
import { PrivateDatabase } from './support/private-database';
import { eventually, WebhookReceiver } from './support/webhook-receiver';

// jest's testTimeout is a global option: the e2e project's 60 s does not reach a file run on its own
jest.setTimeout(60_000);

/**
 * The outbox's promise: a Redis outage (or no worker at all) delays delivery and loses nothing, and several relays
 * never deliver an event twice. Runs on a database of its own so no other suite's worker takes its events.
 */
describe('outbox reliability (e2e)', () => {
  let db: PrivateDatabase;
  let receiver: WebhookReceiver;
  let env: Record<string, string>;
  let api: NestFastifyApplication;
  const apps: NestFastifyApplication[] = [];

  beforeAll(async () => {
    ({ db, receiver, env } = await startHooks('outbox'));
    env = {
      ...env,
      OUTBOX_BATCH_SIZE: '3', // small batches, so the two relays below take turns
      WEBHOOK_RETRY_DELAY_MS: '200',
    };
    api = await startTestApp({ env }); // no worker: it only writes events
    apps.push(api);
  });
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await receiver?.stop();
    await db?.drop();
  });

  it('keeps events while Redis is unreachable, then delivers each exactly once with two relays', async () => {
    const http = () => request(api.getHttpServer());
    const admin = await makeUser({ role: 'ADMIN' });
    const dept = await makeDepartment();
    const requester = await makeUser();
    const agent = await makeUser({ role: 'AGENT', departmentId: dept.id });
    const as = async (u: TestUser) => bearer(await login(api, u.email, u.password));
    const adminAuth = await as(admin);
    const requesterAuth = await as(requester);
    const agentAuth = await as(agent);
    await http()
      .post('/api/v1/admin/webhooks')
      .set(...adminAuth)
      .send({ url: receiver.url('/all'), events: ['*'] })
      .expect(201);

    // the only worker cannot reach Redis
    const broken = await startTestApp({
      withWorker: true,
      env: { ...env, REDIS_URL: `redis://127.0.0.1:${await freePort()}` },
    });
    apps.push(broken);
    for (let i = 0; i < 4; i++) {
      const t = await http()
        .post('/api/v1/tickets')
        .set(...requesterAuth)
        .send({
          title: `Outage ticket ${i}`,
          description: 'written while Redis is away',
          departmentId: dept.id,
        })
        .expect(201);
      await http()
        .post(`/api/v1/tickets/${t.body.data.id}/messages`)
        .set(...agentAuth)
        .send({ body: 'looking into it' })
        .expect(201);
      await http()
        .post(`/api/v1/tickets/${t.body.data.id}/status`)
        .set(...agentAuth)
        .send({ status: 'IN_PROGRESS' })
        .expect(200);
    }
    const events = await sql<{ id: string }>(`SELECT id FROM outbox_events`);
    expect(events.length).toBe(12);

    // the relay tried (the oldest batch, again and again), failed, and left every row pending with the reason
    const tried = await eventually(
      async () => {
        const rows = await sql<{ attempts: number; last_error: string | null }>(
          `SELECT attempts, last_error FROM outbox_events WHERE attempts >= 2`,
        );
        return rows.length > 0 ? rows : undefined;
      },
      20_000,
      'the relay to record its failed attempts',
    );
    expect(tried[0].last_error).toMatch(/Redis/);
    const dispatched = await sql(`SELECT id FROM outbox_events WHERE dispatched_at IS NOT NULL`);
    expect(dispatched).toHaveLength(0);
    expect(receiver.requests).toHaveLength(0);
    await broken.close(); // shuts down although Redis never answered
    apps.splice(apps.indexOf(broken), 1);

    // two healthy replicas share the backlog
    apps.push(await startTestApp({ withWorker: true, env }));
    apps.push(await startTestApp({ withWorker: true, env }));
    const expected = new Set(events.map((e) => e.id));
    await eventually(
      () => {
        const seen = new Set(receiver.on('/all').map((r) => r.headers['x-webhook-id'] as string));
        return [...expected].every((id) => seen.has(id)) ? true : undefined;
      },
      20_000,
      'every event to reach the receiver',
    );
    await new Promise((r) => setTimeout(r, 1000)); // time for a duplicate to show up, if there were one

    const counts = new Map<string, number>();
    for (const hit of receiver.on('/all')) {
      const id = hit.headers['x-webhook-id'] as string;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([...expected].sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);

    const pending = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_events WHERE dispatched_at IS NULL`,
    );
    expect(pending[0].n).toBe(0);
    const metrics = await eventually(async () => {
      const res = await request(apps[1].getHttpServer()).get('/metrics').expect(200);
      return /^outbox_pending_events 0$/m.test(res.text) ? res.text : undefined;
    });
    expect(metrics).toMatch(/^outbox_events_dispatched_total\{type="ticket\.created"\} \d+$/m);
    // the relays never took the same row twice: between them they dispatched each event once
    let dispatchedByRelays = 0;
    for (const worker of apps.slice(1)) {
      const text = (await request(worker.getHttpServer()).get('/metrics').expect(200)).text;
      for (const m of text.matchAll(/^outbox_events_dispatched_total\{[^}]*\} (\d+)$/gm))
        dispatchedByRelays += Number(m[1]);
    }
    expect(dispatchedByRelays).toBe(events.length);
    expect(metrics).toMatch(/^webhook_delivery_attempts_total\{outcome="success"\} \d+$/m);
  });
});
