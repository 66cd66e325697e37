import { randomUUID } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { EventType } from '../src/common/events/domain-event';
import { JobQueues } from '../src/infrastructure/queue/job-queues';
import { bullPrefix } from '../src/infrastructure/queue/queue-names';
import { redisOptionsFromUrl } from '../src/infrastructure/redis/redis-options';
import { HousekeepingService } from '../src/modules/housekeeping/housekeeping.service';
import { startTestApp } from './support/app';
import { Json, testApi } from './support/api';
import { makeDepartment, makeUser, TestUser } from './support/factories';
import { Hooks, startHooks } from './support/mailing';
import { eventually } from './support/webhook-receiver';

jest.setTimeout(90_000);

/**
 * Jobs that failed for good: kept for RETENTION_FAILED_JOBS_DAYS on every queue, listed for ADMIN without the
 * secrets they carried, retried one at a time, and pruned by housekeeping once past their retention.
 */
describe('failed jobs (e2e)', () => {
  let hooks: Hooks;
  let env: Record<string, string>;
  let api: NestFastifyApplication;
  let admin: TestUser;
  const apps: NestFastifyApplication[] = [];
  const { http, get, post } = testApi(() => api);
  const prefix = `${process.env.REDIS_KEY_PREFIX}jobs:`;
  const connection = () => ({ ...redisOptionsFromUrl(process.env.REDIS_URL!), maxRetriesPerRequest: null });

  /** A job that really fails in BullMQ: added to `queue`, taken by a worker that throws `reason`. */
  async function failJob(queueName: string, name: string, data: unknown, reason: string): Promise<string> {
    const queue = new Queue(queueName, { connection: connection(), prefix: bullPrefix(prefix) });
    const id = randomUUID();
    const failed = new Promise<void>((resolve) => {
      const worker = new Worker(queueName, () => Promise.reject(new Error(reason)), {
        connection: connection(),
        prefix: bullPrefix(prefix),
      });
      worker.on('failed', (job) => {
        if (job?.id === id) void worker.close().then(() => resolve());
      });
    });
    await queue.add(name, data, { jobId: id, attempts: 1 });
    await failed;
    await queue.close();
    return id;
  }

  /** the webhook deliveries that failed for good, as an ADMIN lists them: data and pagination */
  const failedWebhooks = async () => {
    const res = await get(admin, '/admin/jobs/failed?queue=webhooks');
    expect(res.status).toBe(200);
    return res.body as Json;
  };

  beforeAll(async () => {
    hooks = await startHooks('jobs');
    env = {
      ...hooks.env,
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_MAX_ATTEMPTS: '5',
      WEBHOOK_RETRY_DELAY_MS: '10',
      RETENTION_FAILED_JOBS_DAYS: '3',
    };
    api = await startTestApp({ env }); // no consumers: the failures below come from the test's own worker first
    apps.push(api);
    admin = await makeUser({ role: 'ADMIN' });
  });
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await hooks?.stop();
  });

  let resetEventId: string;
  let mailId: string;

  it('lists failures of every queue newest first, paged and filtered, without the secrets they carried', async () => {
    resetEventId = await failJob(
      'events',
      EventType.PASSWORD_RESET_REQUESTED,
      {
        id: randomUUID(),
        type: EventType.PASSWORD_RESET_REQUESTED,
        data: { userId: randomUUID(), code: 'reset-code-123' },
      },
      'fan-out broke',
    );
    mailId = await failJob(
      'mail',
      'send',
      {
        to: 'someone@example.test',
        subject: '[TKT-1] New reply',
        text: 'Open https://helpdesk.example/set?token=mail-token-456',
        kind: 'ticket_reply',
        apiKey: 'key-789',
      },
      'connect to smtp://mailer:hunter2@127.0.0.1:1 refused',
    );

    const all = await get(admin, '/admin/jobs/failed');
    expect(all.status).toBe(200);
    expect(all.body.pagination).toMatchObject({ page: 1, limit: 20, total: 2, totalPages: 1 });
    expect(all.body.data.map((j: { queue: string; id: string }) => [j.queue, j.id])).toEqual([
      ['mail', mailId],
      ['events', resetEventId],
    ]);
    const [mail, event] = all.body.data;
    expect(mail).toMatchObject({
      name: 'send',
      attemptsMade: 1,
      maxAttempts: 1,
      failedReason: 'connect to smtp://[REDACTED]@127.0.0.1:1 refused',
      data: {
        to: 'someone@example.test',
        subject: '[TKT-1] New reply',
        kind: 'ticket_reply',
        text: '[REDACTED]',
        apiKey: '[REDACTED]',
      },
    });
    expect(Date.parse(mail.failedAt)).toBeGreaterThanOrEqual(Date.parse(event.failedAt));
    expect(event).toMatchObject({
      name: EventType.PASSWORD_RESET_REQUESTED,
      failedReason: 'fan-out broke',
      data: { type: EventType.PASSWORD_RESET_REQUESTED, data: '[REDACTED]' },
    });
    const text = JSON.stringify(all.body);
    for (const secret of ['reset-code-123', 'mail-token-456', 'key-789', 'hunter2'])
      expect(text).not.toContain(secret);

    const onlyMail = await get(admin, '/admin/jobs/failed?queue=mail');
    expect(onlyMail.status).toBe(200);
    expect(onlyMail.body.data.map((j: { id: string }) => j.id)).toEqual([mailId]);
    expect(onlyMail.body.pagination.total).toBe(1);
    const second = await get(admin, '/admin/jobs/failed?limit=1&page=2');
    expect(second.status).toBe(200);
    expect(second.body.data.map((j: { id: string }) => j.id)).toEqual([resetEventId]);
    expect(second.body.pagination).toMatchObject({ total: 2, totalPages: 2 });

    // and the depth of every queue, by state, in /metrics
    const metrics = (await http().get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/queue_jobs\{queue="mail",state="failed"\} 1\n/);
    expect(metrics).toMatch(/queue_jobs\{queue="events",state="failed"\} 1\n/);
    for (const queue of ['events', 'mail', 'webhooks', 'housekeeping']) {
      expect(metrics).toMatch(new RegExp(`queue_jobs\\{queue="${queue}",state="waiting"\\} 0\n`));
      expect(metrics).toMatch(new RegExp(`queue_jobs\\{queue="${queue}",state="active"\\} 0\n`));
      expect(metrics).toMatch(new RegExp(`queue_jobs\\{queue="${queue}",state="delayed"\\} 0\n`));
    }
    expect(metrics).toMatch(/queue_jobs\{queue="webhooks",state="failed"\} 0\n/);
  });

  it('is for ADMIN only and refuses bad filters with 400', async () => {
    const dept = await makeDepartment();
    const agent = await makeUser({ role: 'AGENT', departmentId: dept.id });
    expect((await get(agent, '/admin/jobs/failed')).status).toBe(403);
    expect((await post(agent, `/admin/jobs/failed/mail/${mailId}/retry`)).status).toBe(403);
    await http().get('/api/v1/admin/jobs/failed').expect(401);
    const bad = await get(admin, '/admin/jobs/failed?queue=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_ERROR');
    expect((await get(admin, '/admin/jobs/failed?limit=101')).status).toBe(400);
    for (const path of ['nope/x', `mail/${randomUUID()}`, 'mail/bad%20id!']) {
      const missing = await post(admin, `/admin/jobs/failed/${path}/retry`);
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('retries a job once when two retries of it come at the same time: the other answers 409', async () => {
    const id = await failJob('mail', 'send', { to: 'race@example.test', subject: 'Race' }, 'refused');
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => post(admin, `/admin/jobs/failed/mail/${id}/retry`)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409))
      expect(refused.body.error.code).toBe('CONFLICT');
    await (await api.get(JobQueues).job('mail', id))?.remove(); // no worker runs yet: the later tests start one
  });

  it('keeps a webhook delivery that failed for good for the configured time, and retries it on request', async () => {
    apps.push(await startTestApp({ withWorker: true, env }));
    hooks.receiver.failFirst('/hook', 1000);
    expect(
      (await post(admin, '/admin/webhooks', { url: hooks.receiver.url('/hook'), events: ['ticket.created'] }))
        .status,
    ).toBe(201);
    const requester = await makeUser();
    const dept = await makeDepartment();
    const ticket = await post(requester, '/tickets', {
      title: 'Hook me',
      description: 'a webhook that keeps failing',
      departmentId: dept.id,
    });
    expect(ticket.status).toBe(201);

    const failed = await eventually(
      async () => (await failedWebhooks()).data[0] as { id: string; attemptsMade: number } | undefined,
      30_000,
      'the delivery to fail for good',
    );
    expect(hooks.receiver.on('/hook')).toHaveLength(5);
    expect(failed).toMatchObject({
      queue: 'webhooks',
      name: 'deliver',
      attemptsMade: 5,
      maxAttempts: 5,
      data: { event: { type: 'ticket.created', data: { ticket: { id: ticket.body.data.id } } } },
    });
    expect(JSON.stringify(failed)).not.toMatch(/secret/i);
    // bounded: BullMQ drops it RETENTION_FAILED_JOBS_DAYS (3 here) after it failed
    const stored = await api.get(JobQueues).job('webhooks', failed.id);
    expect(stored?.opts.removeOnFail).toEqual({ age: 3 * 86400 });

    hooks.receiver.failFirst('/hook', 0);
    const retried = await post(admin, `/admin/jobs/failed/webhooks/${failed.id}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body.data).toMatchObject({ queue: 'webhooks', id: failed.id });
    await eventually(() => hooks.receiver.on('/hook').length === 6, 15_000, 'the retried delivery');
    const after = await eventually(
      async () => {
        const list = await failedWebhooks();
        return list.pagination.total === 0 ? list : undefined;
      },
      15_000,
      'the retried job to leave the failed list',
    );
    expect(after.data).toEqual([]);
    // done now: a second retry is refused
    const again = await post(admin, `/admin/jobs/failed/webhooks/${failed.id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
  });

  it('prunes failures past RETENTION_FAILED_JOBS_DAYS in the housekeeping run, on every queue', async () => {
    // the mail failed four days ago (retention is three), the event a moment ago
    const redis = new Redis(connection());
    const key = (type: string) => `${bullPrefix(prefix)}:mail:${type}`;
    const old = Date.now() - 4 * 86_400_000;
    await redis.hset(key(mailId), 'finishedOn', String(old));
    await redis.zadd(key('failed'), old, mailId);
    await redis.quit();

    const counts = await apps[1].get(HousekeepingService).run();
    expect(counts.failedJobs).toBe(1);
    const left = await get(admin, '/admin/jobs/failed');
    expect(left.status).toBe(200);
    expect(left.body.data.map((j: { id: string }) => j.id)).toEqual([resetEventId]);
    const metrics = await http(apps[1]).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/housekeeping_pruned_rows_total\{kind="failedJobs"\} 1/);
  });
});
