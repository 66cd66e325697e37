import { WorkerHost } from '@nestjs/bullmq';
import { DiscoveryService } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { freePort } from '../src/infrastructure/embedded/free-port';
import { startTestApp } from './support/app';
import { makeDepartment, makeUser } from './support/factories';
import { bearer, login } from './support/http';
import { createPrivateDatabase, PrivateDatabase } from './support/private-database';
import { eventually } from './support/webhook-receiver';

jest.setTimeout(60_000);

/** A metric's value from a Prometheus text page (undefined when the series is absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] ?? '').split(',').filter(Boolean);
    if (want.every((l) => have.includes(l)) && have.length === want.length) return Number(m[3]);
  }
  return undefined;
}

/** Database query durations per repository operation, and the outbox backlog's age, as /metrics shows them. */
describe('query and outbox metrics (e2e)', () => {
  let db: PrivateDatabase;
  let api: NestFastifyApplication;
  const apps: NestFastifyApplication[] = [];

  beforeAll(async () => {
    db = await createPrivateDatabase('qmetrics');
    process.env.DATABASE_URL = db.url;
    api = await startTestApp({
      env: { DATABASE_URL: db.url, REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}qm:` },
    });
    apps.push(api);
  });
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await db?.drop();
  });

  it('times every query by the repository method that ran it, with a bounded set of labels', async () => {
    const requester = await makeUser();
    const dept = await makeDepartment();
    const auth = bearer(await login(api, requester.email, requester.password));
    const created = await request(api.getHttpServer())
      .post('/api/v1/tickets')
      .set(...auth)
      .send({ title: 'Measure me', description: 'query timing', departmentId: dept.id })
      .expect(201);
    await request(api.getHttpServer())
      .get(`/api/v1/tickets/${created.body.data.pid}`)
      .set(...auth)
      .expect(200);

    const text = (await request(api.getHttpServer()).get('/metrics').expect(200)).text;
    const count = (repository: string, operation: string) =>
      sample(text, 'db_query_duration_seconds_count', { repository, operation });
    const sum = (repository: string, operation: string) =>
      sample(text, 'db_query_duration_seconds_sum', { repository, operation });

    expect(count('SqlTicketRepository', 'file')).toBeGreaterThanOrEqual(1);
    expect(count('SqlTicketRepository', 'findVisible')).toBeGreaterThanOrEqual(1);
    expect(count('SqlUserDirectory', 'findCredentialsByEmail')).toBeGreaterThanOrEqual(1); // the login
    expect(count('OutboxEventPublisher', 'publish')).toBeGreaterThanOrEqual(1); // ticket.created
    // the create's transaction, counted apart from the statements inside it
    expect(count('transaction', 'start')).toBeGreaterThanOrEqual(1);
    expect(count('transaction', 'commit')).toBeGreaterThanOrEqual(1);
    const insertSeconds = sum('SqlTicketRepository', 'file')!;
    expect(insertSeconds).toBeGreaterThan(0);
    expect(insertSeconds).toBeLessThan(30);
    // every observation lands in the +Inf bucket: buckets and count agree
    expect(
      sample(text, 'db_query_duration_seconds_bucket', {
        repository: 'SqlTicketRepository',
        operation: 'file',
        le: '+Inf',
      }),
    ).toBe(count('SqlTicketRepository', 'file'));

    // labels are class and method names (or transaction/other), never SQL or values
    const series = text
      .split('\n')
      .filter((l) => l.startsWith('db_query_duration_seconds_count{'))
      .map((l) => /repository="([^"]*)",operation="([^"]*)"/.exec(l)!.slice(1));
    expect(series.length).toBeGreaterThan(3);
    for (const [repository, operation] of series) {
      expect(repository).toMatch(/^([A-Z][A-Za-z]+|transaction|other)$/);
      expect(operation).toMatch(/^[a-z][A-Za-z]*$/);
    }
  });

  it('shows the age of the oldest event the relay could not hand over yet', async () => {
    // a worker whose Redis is away leaves the ticket's event pending in the outbox
    const stalled = await startTestApp({
      withWorker: true,
      env: {
        DATABASE_URL: db.url,
        REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}qm:`,
        REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
        OUTBOX_POLL_INTERVAL_MS: '100',
      },
    });
    apps.push(stalled);
    // every queue worker listens for its Redis errors: none reaches the console (BullMQ's fallback) or throws
    const consoleErrors = jest.spyOn(console, 'error');
    const workers = stalled
      .get(DiscoveryService)
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost);
    expect(workers.length).toBeGreaterThanOrEqual(5);
    for (const host of workers) expect(host.worker.listenerCount('error')).toBeGreaterThanOrEqual(1);
    const text = await eventually(
      async () => {
        const t = (await request(stalled.getHttpServer()).get('/metrics').expect(200)).text;
        return (sample(t, 'outbox_oldest_pending_age_seconds') ?? 0) > 0 ? t : undefined;
      },
      30_000,
      'the outbox age gauge',
    );
    expect(sample(text, 'outbox_pending_events')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'outbox_oldest_pending_age_seconds')).toBeLessThan(120);
    // the queue depths are left out while Redis does not answer, and the scrape still works
    expect(text).not.toMatch(/^queue_jobs\{/m);
    expect(consoleErrors.mock.calls.filter((args) => /ECONNREFUSED/.test(String(args[0])))).toEqual([]);
    consoleErrors.mockRestore();
  });
});
