import { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import request from 'supertest';
import { freePort } from '../src/infrastructure/embedded/free-port';
import { startTestApp } from './support/app';
import { makeDepartment, makeUser, sql } from './support/factories';
import { bearer, login } from './support/http';
import { startHooks } from './support/mailing';
import { PrivateDatabase } from './support/private-database';
import { TestSmtpServer } from './support/smtp';
import { eventually, WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(60_000);

/**
 * Work handed to BullMQ but lost there (Redis back empty after a failover without persistence) is queued again from
 * PostgreSQL: an event dispatched whose fan-out never ran, and a mail and a webhook delivery claimed but never done.
 * Each then happens once.
 */
describe('re-drive of jobs the queue lost (e2e)', () => {
  let db: PrivateDatabase;
  let receiver: WebhookReceiver;
  /** the environment of an app on the suite's own database and Redis keys (see startHooks) */
  let hooks: Record<string, string>;
  let smtp: TestSmtpServer | undefined;
  let redis: Redis;
  const apps: NestFastifyApplication[] = [];
  const prefix = `${process.env.REDIS_KEY_PREFIX}redrive:`;

  beforeAll(async () => {
    ({ db, receiver, env: hooks } = await startHooks('redrive'));
    redis = new Redis(process.env.REDIS_URL!);
  });
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await receiver?.stop();
    await smtp?.stop();
    redis?.disconnect();
    await db?.drop();
  });

  it('queues again a lost event, a lost mail and a lost webhook delivery, and each happens once', async () => {
    const smtpPort = await freePort(); // nothing listens there yet: mails wait in BullMQ's retries
    const env = {
      ...hooks,
      OUTBOX_REDRIVE_AFTER_MS: '1000',
      WEBHOOK_RETRY_DELAY_MS: '60000', // a failed delivery waits in BullMQ, not done
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    };
    const api = await startTestApp({ env });
    apps.push(api);
    const admin = await makeUser({ role: 'ADMIN' });
    const dept = await makeDepartment();
    const requester = await makeUser();
    await request(api.getHttpServer())
      .post('/api/v1/admin/webhooks')
      .set(...bearer(await login(api, admin.email, admin.password)))
      .send({ url: receiver.url('/hook'), events: ['ticket.created'] })
      .expect(201);
    receiver.failFirst('/hook', 1);
    const created = await request(api.getHttpServer())
      .post('/api/v1/tickets')
      .set(...bearer(await login(api, requester.email, requester.password)))
      .send({ title: 'Lost and found', description: 'queued, then lost', departmentId: dept.id })
      .expect(201);
    const [event] = await sql<{ id: string }>(
      `SELECT id FROM outbox_events WHERE type = 'ticket.created' AND aggregate_id = $1`,
      [created.body.data.id],
    );
    // as if a relay had handed it to BullMQ and Redis had then lost the job: dispatched, never fanned out
    await sql(`UPDATE outbox_events SET dispatched_at = now() - interval '5 seconds' WHERE id = $1`, [
      event.id,
    ]);

    const worker = await startTestApp({ withWorker: true, env });
    apps.push(worker);
    // the lost event is found and fanned out: a mail and a webhook delivery claimed, neither done yet
    const claimed = await eventually(
      async () => {
        const rows = await sql<{ channel: string; done_at: Date | null; job: unknown }>(
          `SELECT channel, done_at, job FROM notification_deliveries WHERE event_id = $1 ORDER BY channel`,
          [event.id],
        );
        return rows.length === 2 && receiver.on('/hook').length === 1 ? rows : undefined;
      },
      20_000,
      'the lost event to be fanned out',
    );
    expect(claimed.map((r) => [r.channel, r.done_at, r.job !== null])).toEqual([
      ['mail', null, true],
      ['webhook', null, true],
    ]);
    const [handled] = await sql<{ handled_at: Date | null }>(
      `SELECT handled_at FROM outbox_events WHERE id = $1`,
      [event.id],
    );
    expect(handled.handled_at).not.toBeNull();

    // Redis loses the waiting mail and the webhook retry
    for (const queue of ['mail', 'webhooks']) {
      const keys = await redis.keys(`${prefix}bull:${queue}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    smtp = await new TestSmtpServer().start(smtpPort);

    await eventually(
      async () => {
        const rows = await sql(
          `SELECT 1 FROM notification_deliveries WHERE event_id = $1 AND done_at IS NOT NULL`,
          [event.id],
        );
        return rows.length === 2;
      },
      20_000,
      'both deliveries to be re-driven and done',
    );
    await new Promise((r) => setTimeout(r, 2500)); // a few more sweeps: nothing is sent twice
    const mails = smtp.mails.filter((m) => (m.messageId ?? '').includes(event.id));
    expect(mails).toHaveLength(1);
    const hits = receiver.on('/hook').filter((r) => r.headers['x-webhook-id'] === event.id);
    expect(hits).toHaveLength(2); // the failed first attempt, then the re-driven delivery
    const [kept] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM notification_deliveries WHERE event_id = $1 AND job IS NOT NULL`,
      [event.id],
    );
    expect(kept.n).toBe(0); // a done delivery keeps no copy of its job
    const metrics = (await request(worker.getHttpServer()).get('/metrics').expect(200)).text;
    for (const queue of ['events', 'mail', 'webhooks'])
      expect(metrics).toMatch(new RegExp(`^queue_jobs_redriven_total\\{queue="${queue}"\\} [1-9]`, 'm'));
  });
});
