import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/infrastructure/embedded/free-port';
import { Client } from 'pg';
import { CHAOS_FULL, OwnPostgres, OwnRedis, percentile, verdict } from './support/chaos';
import { migrate } from './support/infrastructure';
import { makeDepartment, makeUser, sql, unique } from './support/factories';
import { createPrivateDatabase, PrivateDatabase } from './support/private-database';
import { ServiceProcess, startListening } from './support/process';
import { TestSmtpServer } from './support/smtp';
import { eventually, WebhookReceiver } from './support/webhook-receiver';

/**
 * Fault injection against the built service (`node dist/main.js`, `node dist/worker.js`), on servers of the test's
 * own (a Redis it kills, an embedded PostgreSQL it stops), never the machine's shared ones. `npm run test:chaos`
 * runs the full form (CHAOS_FULL=1); `npm test` runs a short one. Each scenario prints a one-line verdict.
 */
jest.setTimeout(CHAOS_FULL ? 540_000 : 240_000);

/**
 * The latency and drain-time bounds are asserted in the full form; the short form inside `npm test` runs on shared
 * CI machines whose load can stretch any wall-clock bound, so there it asserts what must hold whatever the load
 * (nothing lost or duplicated, 503 and never 500, recovery without a restart) and only reports the times, in the
 * verdict line, which says FAIL when a bound was missed.
 */
const TIMING = CHAOS_FULL;

const JWT_SECRET = 'chaos-secret-that-is-long-enough-for-hs256-signing';

const baseEnv = (over: Record<string, string>): Record<string, string> => ({
  NODE_ENV: 'test',
  JWT_SECRET,
  SECRETS_KEY: process.env.SECRETS_KEY!,
  BCRYPT_COST: '4',
  LOG_LEVEL: 'warn',
  MIGRATE_ON_START: 'false',
  RATE_LIMIT_AUTH_PER_IP: '1000000',
  RATE_LIMIT_API_PER_MINUTE: '0',
  RATE_LIMIT_ANONYMOUS_PER_IP: '1000000',
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOK_RETRY_DELAY_MS: '200',
  OUTBOX_POLL_INTERVAL_MS: '100',
  OUTBOX_REDRIVE_AFTER_MS: '3000',
  STORAGE_DIR: join(tmpdir(), unique('chaos-storage')),
  ADMIN_EMAIL: 'chaos-admin@example.test',
  ADMIN_PASSWORD: 'chaos-admin-password-123',
  ...over,
});

interface Reply {
  status: number;
  body: { data?: Record<string, unknown>; error?: { code?: string } } | null;
  ms: number;
}

async function call(
  base: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  timeoutMs = 10_000,
): Promise<Reply> {
  const started = performance.now();
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: Reply['body'] = null;
    try {
      parsed = text ? (JSON.parse(text) as Reply['body']) : null;
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed, ms: performance.now() - started };
  } catch {
    return { status: 0, body: null, ms: performance.now() - started }; // no answer in time, or refused
  }
}

async function loginAs(base: string, email: string, password: string): Promise<string> {
  const res = await call(base, 'POST', '/api/v1/auth/login', undefined, { email, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return res.body!.data!.accessToken as string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const began = Date.now();
const progress = (m: string) =>
  process.stderr.write(`[chaos +${((Date.now() - began) / 1000).toFixed(1)}s] ${m}\n`);

describe('chaos (fault injection)', () => {
  beforeAll(() => {
    for (const entry of ['main.js', 'worker.js'])
      if (!existsSync(join(__dirname, '..', 'dist', entry)))
        throw new Error(`dist/${entry} missing: run npm run build`);
  });

  describe('outbox under faults: a worker SIGKILLed twice, Redis restarted empty once', () => {
    /** CHAOS_MUTATIONS: another count, to look at how the drain scales without the other scenarios */
    const mutations = Number(process.env.CHAOS_MUTATIONS ?? (CHAOS_FULL ? 1000 : 100));
    let db: PrivateDatabase;
    let redis: OwnRedis;
    let smtp: TestSmtpServer;
    let receiver: WebhookReceiver;
    const processes: ServiceProcess[] = [];

    beforeAll(async () => {
      [db, redis, smtp, receiver] = await Promise.all([
        createPrivateDatabase('chaos'),
        new OwnRedis().start(),
        new TestSmtpServer().start(),
        new WebhookReceiver().start(),
      ]);
      process.env.DATABASE_URL = db.url;
    });
    afterAll(async () => {
      await Promise.all(processes.map((p) => p.stop(5000)));
      await redis?.kill();
      await Promise.all([smtp?.stop(), receiver?.stop()]);
      await db?.drop();
    });

    it('delivers every event to the webhook receiver and to SMTP once, and drains within 30 s of the last fault', async () => {
      const env = baseEnv({
        DATABASE_URL: db.url,
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: 'chaos:',
        SMTP_URL: smtp.url,
        WORKER_IN_PROCESS: 'false',
      });
      const apiPorts = [await freePort(), await freePort()];
      const apis = apiPorts.map((port) =>
        new ServiceProcess({ ...env, PORT: String(port), SHUTDOWN_DRAIN_MS: '0' }).start(),
      );
      processes.push(...apis);
      const workerPort = await freePort();
      const startWorker = (): ServiceProcess => {
        const worker = new ServiceProcess(
          { ...env, WORKER_METRICS_PORT: String(workerPort) },
          process.cwd(),
          'worker.js',
        ).start();
        processes.push(worker);
        return worker;
      };
      const workerUp = () =>
        eventually(
          async () =>
            (await call(`http://127.0.0.1:${workerPort}`, 'GET', '/health/live', undefined, undefined, 1000))
              .status === 200,
          60_000,
          'the worker to start',
        );
      let worker = startWorker();
      await Promise.all([...apis.map((a) => a.waitForOutput(/Helpdesk API on/, 60_000)), workerUp()]);
      progress('outbox: two api processes and a worker up');
      const bases = apiPorts.map((p) => `http://127.0.0.1:${p}`);

      const dept = await makeDepartment();
      const admin = await makeUser({ role: 'ADMIN' });
      const agent = await makeUser({ role: 'AGENT', departmentId: dept.id });
      const requesters = await Promise.all([makeUser(), makeUser(), makeUser(), makeUser()]);
      const adminToken = await loginAs(bases[0], admin.email, admin.password);
      const hook = await call(bases[0], 'POST', '/api/v1/admin/webhooks', adminToken, {
        url: receiver.url('/chaos'),
        events: ['*'],
      });
      expect(hook.status).toBe(201);
      const agentTokens = await Promise.all(bases.map((b) => loginAs(b, agent.email, agent.password)));
      const requesterTokens = await Promise.all(
        requesters.map((r, i) => loginAs(bases[i % 2], r.email, r.password)),
      );

      // the load: tickets opened by requesters, public replies by the agent, through both api processes
      const tickets: string[] = [];
      const failures: Reply[] = [];
      let done = 0;
      const one = async (i: number): Promise<void> => {
        const base = bases[i % 2];
        const reply =
          tickets.length < 5 || i % 4 === 0
            ? await call(base, 'POST', '/api/v1/tickets', requesterTokens[i % requesterTokens.length], {
                title: `Chaos ${i}`,
                description: 'written while things break',
                departmentId: dept.id,
              })
            : await call(
                base,
                'POST',
                `/api/v1/tickets/${tickets[i % tickets.length]}/messages`,
                agentTokens[i % 2],
                { body: `reply ${i}` },
              );
        if (reply.status === 201 && typeof reply.body?.data?.pid === 'string')
          tickets.push(reply.body.data.id as string);
        if (reply.status !== 201) failures.push(reply);
        done += 1;
      };
      const load = (async () => {
        let next = 0;
        const lanes = Array.from({ length: 6 }, async () => {
          while (next < mutations) await one(next++);
        });
        await Promise.all(lanes);
      })();

      // the faults, spread over the load
      const at = (share: number) =>
        eventually(() => done >= mutations * share, 300_000, `${share} of the load`);
      const faults: string[] = [];
      await at(0.2);
      worker.signal('SIGKILL');
      await worker.exited();
      faults.push(`worker SIGKILL at ${done}`);
      progress(`outbox: worker killed at ${done} mutations`);
      await sleep(1000);
      worker = startWorker();
      await workerUp();
      progress('outbox: worker back');
      await at(0.45);
      await redis.kill();
      faults.push(`redis SIGKILL at ${done}`);
      progress(`outbox: Redis killed at ${done} mutations`);
      await sleep(1500);
      await redis.start(); // empty: no persistence
      await at(0.7);
      worker.signal('SIGKILL');
      await worker.exited();
      const lastFaultAt = Date.now();
      faults.push(`worker SIGKILL at ${done}`);
      progress(`outbox: worker killed again at ${done} mutations`);
      await sleep(1000);
      worker = startWorker();
      await load;
      const loadEndedAt = Date.now();
      progress('outbox: load done, waiting for the drain');

      // what must arrive: every committed event (the webhook takes '*'); a mail per ticket opened and per reply
      const expectedEvents = async () =>
        sql<{ id: string; type: string }>(
          `SELECT id, type FROM outbox_events WHERE type NOT LIKE 'auth.%' ORDER BY occurred_at`,
        );
      const webhookIds = () => {
        const counts = new Map<string, number>();
        for (const r of receiver.on('/chaos')) {
          const id = r.headers['x-webhook-id'] as string;
          counts.set(id, (counts.get(id) ?? 0) + 1);
        }
        return counts;
      };
      const mailIds = () => {
        const counts = new Map<string, number>();
        for (const m of smtp.mails) {
          const id = /\.([0-9a-f-]{36})\./.exec(m.messageId ?? '')?.[1];
          if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
        }
        return counts;
      };
      const mailed = (type: string) => type === 'ticket.created' || type === 'ticket.message_added';
      let drainedAt = 0;
      let lastStageAt = 0;
      const deadline = Math.max(lastFaultAt, loadEndedAt) + (CHAOS_FULL ? 180_000 : 90_000);
      let events = await expectedEvents();
      while (Date.now() < deadline) {
        events = await expectedEvents();
        const hooks = webhookIds();
        const mails = mailIds();
        const [pending] = await sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM outbox_events WHERE dispatched_at IS NULL OR handled_at IS NULL`,
        );
        // CHAOS_TIMELINE=1: where the drain stands every 2 s (what is still to dispatch, fan out, mail, post)
        if (process.env.CHAOS_TIMELINE && Date.now() - lastStageAt > 2000) {
          lastStageAt = Date.now();
          const [stage] = await sql<Record<string, number>>(
            `SELECT count(*) FILTER (WHERE dispatched_at IS NULL)::int AS undispatched,
                    count(*) FILTER (WHERE handled_at IS NULL)::int AS unhandled,
                    (SELECT count(*)::int FROM notification_deliveries WHERE done_at IS NULL AND channel = 'mail') AS mails,
                    (SELECT count(*)::int FROM notification_deliveries WHERE done_at IS NULL AND channel = 'webhook') AS webhooks
               FROM outbox_events`,
          );
          progress(
            `outbox: +${((Date.now() - lastFaultAt) / 1000).toFixed(1)} s: ${hooks.size} events posted, ${mails.size} mailed; pending ${JSON.stringify(stage)}`,
          );
        }
        if (pending.n === 0 && events.every((e) => hooks.has(e.id) && (!mailed(e.type) || mails.has(e.id)))) {
          drainedAt = Date.now();
          break;
        }
        await sleep(200);
      }
      await sleep(3000); // room for a late duplicate to show
      const hooks = webhookIds();
      const mails = mailIds();
      const mailedEvents = events.filter((e) => mailed(e.type));
      // a SIGKILL repeats at most the deliveries in flight at that moment (4 fan-outs, 10 webhooks, 4 mails); a
      // re-drive that took done work for lost work would repeat far more
      const DUPLICATE_BUDGET = 10 * faults.length;
      const lost =
        events.filter((e) => !hooks.has(e.id)).length + mailedEvents.filter((e) => !mails.has(e.id)).length;
      const transportDuplicates =
        [...hooks.values()].reduce((n, c) => n + c - 1, 0) +
        [...mails.values()].reduce((n, c) => n + c - 1, 0);
      // side effects as an idempotent consumer applies them (once per event id), and in-app notices by key
      const [inApp] = await sql<{ n: number }>(
        `SELECT count(*)::int - count(DISTINCT (user_id, event_id))::int AS n FROM notifications`,
      );
      const lastArrival = Math.max(...receiver.on('/chaos').map((r) => r.at), ...smtp.arrivals);
      progress(
        `outbox: last webhook or mail arrived ${((lastArrival - lastFaultAt) / 1000).toFixed(1)} s after the last fault`,
      );
      const [stages] = await sql<Record<string, number | null>>(
        `SELECT extract(epoch FROM max(dispatched_at))::float8 * 1000 AS dispatched,
                extract(epoch FROM max(handled_at))::float8 * 1000 AS handled,
                (SELECT extract(epoch FROM max(done_at))::float8 * 1000 FROM notification_deliveries WHERE channel = 'mail') AS mail_done,
                (SELECT extract(epoch FROM max(done_at))::float8 * 1000 FROM notification_deliveries WHERE channel = 'webhook') AS webhook_done
           FROM outbox_events`,
      );
      progress(
        `outbox: last ${Object.entries(stages)
          .map(([k, v]) => `${k} +${(((v ?? 0) - lastFaultAt) / 1000).toFixed(1)}s`)
          .join(', ')} after the last fault`,
      );
      const warnings = new Map<string, number>();
      for (const p of processes)
        for (const l of p.jsonLines())
          if (typeof l.msg === 'string') warnings.set(l.msg, (warnings.get(l.msg) ?? 0) + 1);
      progress(`outbox: the processes logged ${JSON.stringify([...warnings])}`);
      const drainSeconds = drainedAt ? (drainedAt - Math.max(lastFaultAt, loadEndedAt)) / 1000 : -1;
      const sinceLastFault = drainedAt ? (drainedAt - lastFaultAt) / 1000 : -1;
      const ok =
        drainedAt > 0 &&
        lost === 0 &&
        inApp.n === 0 &&
        failures.length === 0 &&
        sinceLastFault <= 30 &&
        transportDuplicates <= DUPLICATE_BUDGET;
      verdict('outbox', ok, {
        mutations,
        failedRequests: failures.length,
        events: events.length,
        mails: mailedEvents.length,
        lost,
        duplicatedSideEffects: inApp.n,
        transportDuplicates,
        drainAfterLastFaultS: sinceLastFault.toFixed(1),
        drainAfterLoadS: drainSeconds.toFixed(1),
        faults: faults.length,
      });
      expect(failures.map((f) => f.status)).toEqual([]);
      expect(lost).toBe(0);
      expect(inApp.n).toBe(0);
      expect(drainedAt).toBeGreaterThan(0);
      if (TIMING) expect(sinceLastFault).toBeLessThanOrEqual(30);
      expect(transportDuplicates).toBeLessThanOrEqual(DUPLICATE_BUDGET);
    });
  });

  describe('PostgreSQL restarted under load, and its pool exhausted', () => {
    let pg: OwnPostgres;
    let api: ServiceProcess;
    let base: string;
    let agentToken: string;
    let requesterToken: string;
    let departmentId: string;
    const saved = process.env.DATABASE_URL;

    beforeAll(async () => {
      pg = await new OwnPostgres().start();
      await migrate(pg.url);
      process.env.DATABASE_URL = pg.url;
      const dept = await makeDepartment();
      departmentId = dept.id;
      const agent = await makeUser({ role: 'AGENT', departmentId: dept.id });
      const requester = await makeUser();
      ({ service: api, base } = await startListening(
        baseEnv({
          DATABASE_URL: pg.url,
          REDIS_URL: process.env.REDIS_URL!,
          REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}chaos-pg:`,
          WORKER_IN_PROCESS: 'true',
          DATABASE_POOL_SIZE: '4',
          DATABASE_ACQUIRE_TIMEOUT_MS: '700',
          DATABASE_STATEMENT_TIMEOUT_MS: '1000',
          SHUTDOWN_DRAIN_MS: '0',
        }),
      ));
      agentToken = await loginAs(base, agent.email, agent.password);
      requesterToken = await loginAs(base, requester.email, requester.password);
    });
    afterAll(async () => {
      await api?.stop(5000);
      await pg?.remove();
      process.env.DATABASE_URL = saved;
    });

    /** Steady mixed traffic (lists and creates) plus a readiness probe, recording every answer and its time. */
    function traffic() {
      const answers: Array<{ at: number; ms: number; status: number; code?: string; path: string }> = [];
      const probes: Array<{ at: number; status: number }> = [];
      let running = true;
      const lane = async (n: number) => {
        for (let i = 0; running; i++) {
          const at = Date.now();
          const reply =
            (i + n) % 2 === 0
              ? await call(base, 'GET', '/api/v1/tickets?limit=5', agentToken, undefined, 5000)
              : await call(
                  base,
                  'POST',
                  '/api/v1/tickets',
                  requesterToken,
                  {
                    title: `Under load ${n}.${i}`,
                    description: 'while the database comes and goes',
                    departmentId,
                  },
                  5000,
                );
          answers.push({
            at,
            ms: reply.ms,
            status: reply.status,
            code: reply.body?.error?.code,
            path: (i + n) % 2 === 0 ? 'list' : 'create',
          });
          await sleep(50);
        }
      };
      const probe = async () => {
        while (running) {
          const at = Date.now();
          probes.push({
            at,
            status: (await call(base, 'GET', '/health/ready', undefined, undefined, 5000)).status,
          });
          await sleep(200);
        }
      };
      const all = Promise.all([lane(0), lane(1), lane(2), lane(3), probe()]);
      return {
        answers,
        probes,
        stop: async () => {
          running = false;
          await all;
        },
      };
    }

    it('answers fast 503s (never 500, never past 2 s), readiness 503, and recovers by itself within 5 s', async () => {
      const t = traffic();
      await sleep(1500);
      const stoppedAt = Date.now();
      await pg.stop();
      await sleep(CHAOS_FULL ? 5000 : 3000);
      await pg.start();
      const returnedAt = Date.now();
      await sleep(CHAOS_FULL ? 8000 : 6000);
      await t.stop();

      const failed = t.answers.filter((a) => a.status < 200 || a.status >= 300);
      const wrong = failed.filter((a) => a.status !== 503 || a.code !== 'SERVICE_UNAVAILABLE');
      const during = t.answers.filter((a) => a.at >= stoppedAt && a.at < returnedAt);
      const lastFailureEnd = Math.max(returnedAt, ...failed.map((a) => a.at + a.ms));
      const recoveryMs = lastFailureEnd - returnedAt;
      const okAfter = t.answers.filter(
        (a) => a.at > lastFailureEnd && a.status >= 200 && a.status < 300,
      ).length;
      const readyDown = t.probes.some((p) => p.at >= stoppedAt && p.at < returnedAt && p.status === 503);
      const lastProbe = t.probes[t.probes.length - 1];
      const maxMs = Math.max(...t.answers.map((a) => a.ms));
      const ok =
        wrong.length === 0 &&
        during.some((a) => a.status === 503) &&
        readyDown &&
        lastProbe.status === 200 &&
        maxMs <= 2000 &&
        recoveryMs <= 5000 &&
        okAfter > 0;
      verdict('postgres-restart', ok, {
        requests: t.answers.length,
        served503: failed.length - wrong.length,
        other5xxOrHung: wrong.length,
        maxLatencyMs: Math.round(maxMs),
        p99LatencyMs: Math.round(
          percentile(
            t.answers.map((a) => a.ms),
            99,
          ),
        ),
        downS: ((returnedAt - stoppedAt) / 1000).toFixed(1),
        recoveryS: (recoveryMs / 1000).toFixed(1),
        readiness503: readyDown ? 'yes' : 'no',
      });
      if (wrong.length > 0)
        progress(
          `postgres-restart: unexpected answers; the service logged: ${JSON.stringify(
            api.jsonLines().filter((l) => l.level === 50 || l.level === 'error'),
          ).slice(0, 4000)}`,
        );
      expect(wrong.map((a) => `${a.path} ${a.status} ${a.code ?? ''}`)).toEqual([]);
      expect(during.some((a) => a.status === 503)).toBe(true);
      expect(readyDown).toBe(true);
      expect(lastProbe.status).toBe(200);
      if (TIMING) expect(maxMs).toBeLessThanOrEqual(2000);
      expect(recoveryMs).toBeLessThanOrEqual(5000);
      expect(okAfter).toBeGreaterThan(0);
    });

    it('answers fast 503s while a slow statement holds every pooled connection, then serves again', async () => {
      // another session locks the tickets table: every request on it waits inside PostgreSQL, holding its connection
      const locker = new Client({ connectionString: pg.url });
      await locker.connect();
      const t = traffic();
      await sleep(500);
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE tickets IN ACCESS EXCLUSIVE MODE');
      const lockedAt = Date.now();
      await sleep(CHAOS_FULL ? 5000 : 3000);
      await locker.query('ROLLBACK');
      const releasedAt = Date.now();
      await locker.end();
      await sleep(3000);
      await t.stop();

      const failed = t.answers.filter((a) => a.status < 200 || a.status >= 300);
      const wrong = failed.filter((a) => a.status !== 503 || a.code !== 'SERVICE_UNAVAILABLE');
      const blocked = t.answers.filter((a) => a.at >= lockedAt && a.at < releasedAt);
      const maxMs = Math.max(...t.answers.map((a) => a.ms));
      const lastFailureEnd = Math.max(releasedAt, ...failed.map((a) => a.at + a.ms));
      const okAfter = t.answers.filter(
        (a) => a.at > lastFailureEnd && a.status >= 200 && a.status < 300,
      ).length;
      progress(
        `pool-exhaustion: slowest answers ${[...t.answers]
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 5)
          .map((a) => `${a.path} ${a.status} ${Math.round(a.ms)} ms (sent at +${a.at - lockedAt} ms)`)
          .join(', ')}`,
      );
      const ok = wrong.length === 0 && blocked.some((a) => a.status === 503) && maxMs <= 2000 && okAfter > 0;
      verdict('pool-exhaustion', ok, {
        requests: t.answers.length,
        served503: failed.length - wrong.length,
        other5xxOrHung: wrong.length,
        maxLatencyMs: Math.round(maxMs),
        heldS: ((releasedAt - lockedAt) / 1000).toFixed(1),
        recoveryS: ((lastFailureEnd - releasedAt) / 1000).toFixed(1),
      });
      expect(wrong.map((a) => `${a.path} ${a.status} ${a.code ?? ''}`)).toEqual([]);
      expect(blocked.some((a) => a.status === 503)).toBe(true);
      if (TIMING) expect(maxMs).toBeLessThanOrEqual(2000);
      expect(okAfter).toBeGreaterThan(0);
    });
  });

  describe('Redis outage', () => {
    let db: PrivateDatabase;
    let redis: OwnRedis;
    let receiver: WebhookReceiver;
    let api: ServiceProcess;
    let base: string;

    beforeAll(async () => {
      [db, redis, receiver] = await Promise.all([
        createPrivateDatabase('chaosredis'),
        new OwnRedis().start(),
        new WebhookReceiver().start(),
      ]);
      process.env.DATABASE_URL = db.url;
      ({ service: api, base } = await startListening(
        baseEnv({
          DATABASE_URL: db.url,
          REDIS_URL: redis.url,
          REDIS_KEY_PREFIX: 'chaos:',
          WORKER_IN_PROCESS: 'true',
          SHUTDOWN_DRAIN_MS: '0',
        }),
      ));
    });
    afterAll(async () => {
      await api?.stop(5000);
      await redis?.kill();
      await receiver?.stop();
      await db?.drop();
    });

    it('keeps login, reads and writes working, counts the degraded paths, and resumes queued work on its return', async () => {
      const dept = await makeDepartment();
      const admin = await makeUser({ role: 'ADMIN' });
      const agent = await makeUser({ role: 'AGENT', departmentId: dept.id });
      const requester = await makeUser();
      const adminToken = await loginAs(base, admin.email, admin.password);
      expect(
        (
          await call(base, 'POST', '/api/v1/admin/webhooks', adminToken, {
            url: receiver.url('/redis'),
            events: ['ticket.created'],
          })
        ).status,
      ).toBe(201);
      const agentToken = await loginAs(base, agent.email, agent.password);

      await redis.kill();
      const downAt = Date.now();
      const replies: Array<{ what: string; status: number; ms: number }> = [];
      const created: string[] = [];
      const rounds = CHAOS_FULL ? 20 : 5;
      for (let i = 0; i < rounds; i++) {
        const login = await call(base, 'POST', '/api/v1/auth/login', undefined, {
          email: requester.email,
          password: requester.password,
        });
        replies.push({ what: 'login', status: login.status, ms: login.ms });
        const token = (login.body?.data?.accessToken as string | undefined) ?? '';
        const create = await call(base, 'POST', '/api/v1/tickets', token, {
          title: `Without Redis ${i}`,
          description: 'Redis is away',
          departmentId: dept.id,
        });
        replies.push({ what: 'create', status: create.status, ms: create.ms });
        if (create.status === 201) created.push(create.body!.data!.id as string);
        const read = await call(base, 'GET', `/api/v1/tickets/${String(create.body?.data?.id)}`, token);
        replies.push({ what: 'read', status: read.status, ms: read.ms });
        const list = await call(base, 'GET', '/api/v1/tickets?limit=5', agentToken);
        replies.push({ what: 'list', status: list.status, ms: list.ms });
      }
      const ready = await call(base, 'GET', '/health/ready');
      const metrics = (await fetch(`${base}/metrics`).then((r) => r.text())) ?? '';
      const degraded = [...metrics.matchAll(/^redis_degraded_total\{feature="([^"]+)"\} (\d+)$/gm)].map(
        (m) => `${m[1]}:${m[2]}`,
      );
      // the events of what was written meanwhile wait in PostgreSQL
      const events = await sql<{ id: string }>(
        `SELECT id FROM outbox_events WHERE type = 'ticket.created' AND aggregate_id = ANY($1::uuid[])`,
        [created],
      );
      await redis.start();
      const returnedAt = Date.now();
      await eventually(
        () => {
          const seen = new Set(receiver.on('/redis').map((r) => r.headers['x-webhook-id'] as string));
          return events.every((e) => seen.has(e.id));
        },
        30_000,
        'the events written during the outage to go out',
      );
      const resumeS = (Date.now() - returnedAt) / 1000;
      const failed = replies.filter((r) => r.status < 200 || r.status >= 300);
      const maxMs = Math.max(...replies.map((r) => r.ms));
      const ok =
        failed.length === 0 &&
        ready.status === 200 &&
        degraded.length > 0 &&
        events.length === created.length;
      verdict('redis-outage', ok, {
        requests: replies.length,
        failed: failed.length,
        maxLatencyMs: Math.round(maxMs),
        outageS: ((returnedAt - downAt) / 1000).toFixed(1),
        readiness: ready.status,
        degraded: degraded.join(',') || 'none',
        queuedDuringOutage: events.length,
        resumeS: resumeS.toFixed(1),
      });
      expect(failed.map((r) => `${r.what} ${r.status}`)).toEqual([]);
      expect(ready.status).toBe(200);
      expect(events).toHaveLength(created.length);
      expect(degraded.join(',')).toMatch(/session:[1-9]/);
      expect(degraded.join(',')).toMatch(/rate_limit:[1-9]/);
    });
  });
});
