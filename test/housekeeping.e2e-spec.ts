import { randomUUID } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import request from 'supertest';
import { housekeepingConfig, HousekeepingConfig } from '../src/config/configuration';
import { MetricsService } from '../src/infrastructure/metrics/metrics.service';
import { JobQueues } from '../src/infrastructure/queue/job-queues';
import { HOUSEKEEPING_QUEUE, PRUNE_SCHEDULER } from '../src/modules/housekeeping/housekeeping.consumer';
import { HousekeepingService } from '../src/modules/housekeeping/housekeeping.service';
import { RetentionRepository } from '../src/modules/housekeeping/retention-repository.port';
import { startTestApp } from './support/app';
import { unique } from './support/factories';
import { createPrivateDatabase, PrivateDatabase } from './support/private-database';
import { schedulesOf } from './support/queues';

const hex64 = () => randomUUID().replace(/-/g, '').repeat(2);

/** Retention as BullMQ job schedulers: one schedule across workers, old records pruned, fresh ones kept. */
describe('housekeeping (e2e)', () => {
  let db: PrivateDatabase;
  let pg: Client;
  const apps: NestFastifyApplication[] = [];
  const q = async (text: string, params: unknown[] = []) => (await pg.query(text, params)).rows;
  const count = async (table: string) => Number((await q(`SELECT count(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    db = await createPrivateDatabase('housekeeping');
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    const [user] = await q(
      `INSERT INTO users (email, password_hash, full_name, role) VALUES ($1, 'x', 'Kept', 'END_USER') RETURNING id`,
      [`${unique('hk')}@example.test`],
    );
    const [webhook] = await q(
      `INSERT INTO webhooks (url, events, secret) VALUES ('https://hooks.example.test/x', '{*}', 's') RETURNING id`,
    );
    for (const age of ['30 days', '1 hour']) {
      await q(
        `INSERT INTO refresh_tokens (user_id, family_id, token_hash, generation, expires_at)
         VALUES ($1, $2, $3, 1, now() - $4::interval + interval '1 minute')`,
        [user.id, randomUUID(), hex64(), age],
      );
      await q(
        `INSERT INTO password_reset_tokens (user_id, token_hash, expires_at) VALUES ($1, $2, now() - $3::interval)`,
        [user.id, hex64(), age],
      );
    }
    await q(`INSERT INTO refresh_tokens (user_id, family_id, token_hash, generation, expires_at)
             VALUES ('${user.id}', '${randomUUID()}', '${hex64()}', 1, now() + interval '30 days')`);
    for (const age of ['25 hours', '1 hour'])
      await q(
        `INSERT INTO idempotency_keys (user_id, key, request_hash, created_at) VALUES ($1, $2, $3, now() - $4::interval)`,
        [user.id, unique('key'), hex64(), age],
      );
    for (const age of ['40 days', '1 day']) {
      await q(
        `INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, attempt, success, duration_ms, created_at)
         VALUES ($1, $2, 'ticket.created', 1, true, 5, now() - $3::interval)`,
        [webhook.id, randomUUID(), age],
      );
      await q(
        `INSERT INTO notification_deliveries (event_id, channel, recipient, created_at)
         VALUES ($1, 'EMAIL', 'someone', now() - $2::interval)`,
        [randomUUID(), age],
      );
    }
    for (const age of ['100 days', '1 day'])
      await q(
        `INSERT INTO inbound_emails (message_id, sender, outcome, created_at) VALUES ($1, 'a@example.test', 'ignored', now() - $2::interval)`,
        [`<${randomUUID()}@example.test>`, age],
      );
    const env = {
      DATABASE_URL: db.url,
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}hk:`,
      HOUSEKEEPING_INTERVAL_MS: '3600000',
    };
    // two workers: both upsert the one scheduler
    apps.push(await startTestApp({ withWorker: true, env }), await startTestApp({ withWorker: true, env }));
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await pg?.end();
    await db?.drop();
  });

  it('keeps one schedule however many workers start, and prunes only what is past its retention', async () => {
    expect(await schedulesOf(apps[0], HOUSEKEEPING_QUEUE)).toEqual([
      { key: PRUNE_SCHEDULER, every: 3600000 },
    ]);

    // the scheduler's first job runs at once
    const deadline = Date.now() + 45_000;
    while ((await count('inbound_emails')) > 1 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 250));
    expect(await count('refresh_tokens')).toBe(2); // the live one and the one expired an hour ago (kept 7 days)
    expect(await count('password_reset_tokens')).toBe(1);
    expect(await count('idempotency_keys')).toBe(1);
    expect(await count('webhook_deliveries')).toBe(1);
    expect(await count('notification_deliveries')).toBe(1);
    expect(await count('inbound_emails')).toBe(1);
    expect(
      (await q(`SELECT age(now(), created_at) < interval '2 hours' AS fresh FROM idempotency_keys`))[0].fresh,
    ).toBe(true);
  });

  it('keeps the notification ledger as long as a failed job can be retried, however short RETENTION_DELIVERIES_DAYS', async () => {
    const events: Record<string, string> = {};
    for (const age of ['3 days', '10 days', '16 days']) {
      events[age] = randomUUID();
      await q(
        `INSERT INTO notification_deliveries (event_id, channel, recipient, created_at)
         VALUES ($1, 'EMAIL', 'someone', now() - $2::interval)`,
        [events[age], age],
      );
    }
    const config = apps[0].get<HousekeepingConfig>(housekeepingConfig.KEY);
    const housekeeping = new HousekeepingService(
      apps[0].get(RetentionRepository),
      apps[0].get(JobQueues),
      { ...config, deliveriesDays: 2, failedJobsDays: 14 },
      apps[0].get(MetricsService),
    );
    await housekeeping.run();
    const left = await q(`SELECT event_id FROM notification_deliveries WHERE event_id = ANY($1::uuid[])`, [
      Object.values(events),
    ]);
    // a fan-out job that failed 14 days ago may still be retried: its ledger rows stay; older ones go
    expect(left.map((r) => r.event_id).sort()).toEqual([events['3 days'], events['10 days']].sort());
  });

  it('shows pruned rows, the database pool and the build in /metrics', async () => {
    const deadline = Date.now() + 15_000;
    const pruned = /housekeeping_pruned_rows_total\{kind="inboundMail"\} 1/;
    let text = '';
    let both = '';
    for (; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
      text = (await request(apps[0].getHttpServer()).get('/metrics').expect(200)).text;
      both = text + (await request(apps[1].getHttpServer()).get('/metrics').expect(200)).text;
      if (pruned.test(both)) break;
    }
    expect(both).toMatch(pruned); // counted by whichever worker ran the job
    expect(text).toMatch(/db_pool_connections\{state="in_use"\} \d+/);
    expect(text).toMatch(/db_pool_connections\{state="idle"\} \d+/);
    expect(text).toMatch(/db_pool_waiting \d+/);
    expect(text).toMatch(/helpdesk_build_info\{version="\d+\.\d+\.\d+",node="v\d+\.\d+\.\d+"\} 1/);
  });
});
