import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { ParsedMail } from 'mailparser';
import request from 'supertest';
import { startTestApp } from './support/app';
import { ELF, PNG } from './support/files';
import { makeDepartment, makeUser, sql, TestUser, unique } from './support/factories';
import { Mailing, startMailing } from './support/mailing';
import { PrivateDatabase } from './support/private-database';
import { recipientOf, TestSmtpServer } from './support/smtp';
import { eventually, WebhookReceiver } from './support/webhook-receiver';
import { testApi } from './support/api';
import { inboundMail } from './support/inbound-mail';
import { EVENTS_QUEUE } from '../src/infrastructure/outbox/outbox-queue';

// jest's testTimeout is a global option: the e2e project's 60 s does not reach a file run on its own
jest.setTimeout(60_000);

const INBOUND_SECRET = 'inbound-secret-for-tests-0123456789';

/** every key under `prefix` whose value (string, hash, list, set, sorted set or stream) contains `needle` */
async function redisKeysHolding(prefix: string, needle: string): Promise<string[]> {
  const redis = new Redis(process.env.REDIS_URL!, { lazyConnect: true });
  await redis.connect();
  try {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        const value =
          type === 'string'
            ? await redis.get(key)
            : type === 'hash'
              ? await redis.hgetall(key)
              : type === 'list'
                ? await redis.lrange(key, 0, -1)
                : type === 'set'
                  ? await redis.smembers(key)
                  : type === 'zset'
                    ? await redis.zrange(key, 0, -1)
                    : type === 'stream'
                      ? await redis.xrange(key, '-', '+')
                      : null;
        if (JSON.stringify(value ?? '').includes(needle)) found.push(key);
      }
    } while (cursor !== '0');
    return found;
  } finally {
    redis.disconnect();
  }
}

describe('notifications (e2e)', () => {
  let db: PrivateDatabase;
  let smtp: TestSmtpServer;
  let receiver: WebhookReceiver;
  let app: NestFastifyApplication;
  let env: Record<string, string>;
  const { http, as, get, read, post, del } = testApi(() => app);
  const inbound = inboundMail(() => app, INBOUND_SECRET);

  let dept: { id: string };
  let requester: TestUser;
  let agent: TestUser;
  let lead: TestUser;
  let admin: TestUser;

  const createTicket = async (who: TestUser, title = `Printer ${unique()}`) => {
    const res = await http()
      .post('/api/v1/tickets')
      .set(...(await as(who)))
      .send({ title, description: 'It does not print', departmentId: dept.id });
    expect(res.status).toBe(201);
    return res.body.data as { id: string; pid: string; status: string };
  };
  const reply = async (who: TestUser, ticketId: string, body: string, internal = false) => {
    const res = await http()
      .post(`/api/v1/tickets/${ticketId}/messages`)
      .set(...(await as(who)))
      .send({ body, internal });
    expect(res.status).toBe(201);
    return res.body.data as { id: string };
  };
  const move = async (who: TestUser, ticketId: string, status: string) => {
    const res = await http()
      .post(`/api/v1/tickets/${ticketId}/status`)
      .set(...(await as(who)))
      .send({ status });
    expect(res.status).toBe(200);
  };
  const notificationsOf = async (who: TestUser, query = '') => {
    const res = await http()
      .get(`/api/v1/notifications${query}`)
      .set(...(await as(who)));
    expect(res.status).toBe(200);
    return res.body as { data: Array<Record<string, any>>; pagination: Record<string, number> };
  };
  const mailTo = (who: TestUser, match: (m: ParsedMail) => boolean) =>
    smtp.waitFor((m) => recipientOf(m) === who.email && match(m));

  beforeAll(async () => {
    let mailing: Mailing;
    [mailing, receiver] = await Promise.all([startMailing('notif'), new WebhookReceiver().start()]);
    ({ db, smtp } = mailing);
    env = {
      ...mailing.env,
      INBOUND_EMAIL_SECRET: INBOUND_SECRET,
      WEBHOOK_RETRY_DELAY_MS: '200',
      STORAGE_DIR: mkdtempSync(join(tmpdir(), 'helpdesk-notif-')),
    };
    app = await startTestApp({ withWorker: true, env });
    dept = await makeDepartment();
    requester = await makeUser({ fullName: 'Ada Requester' });
    agent = await makeUser({ role: 'AGENT', departmentId: dept.id, fullName: 'Grace Agent' });
    lead = await makeUser({ role: 'TEAM_LEAD', departmentId: dept.id, fullName: 'Lin Lead' });
    admin = await makeUser({ role: 'ADMIN' });
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([smtp?.stop(), receiver?.stop()]);
    await db?.drop();
  });

  it('documents its routes in the OpenAPI document', async () => {
    const docs = await request(app.getHttpServer()).get('/api/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/notifications',
        '/api/v1/notifications/{id}/read',
        '/api/v1/notifications/read-all',
        '/api/v1/admin/webhooks',
        '/api/v1/admin/webhooks/{id}',
        '/api/v1/admin/webhooks/{id}/deliveries',
        '/api/v1/inbound/email',
      ]),
    );
    const route = docs.body.paths['/api/v1/inbound/email'].post;
    expect(Object.keys(route.requestBody.content)).toEqual(['message/rfc822']);
  });

  describe('email out', () => {
    it('mails the requester a public reply with the PID in the subject, threaded per ticket', async () => {
      const t = await createTicket(requester);
      await reply(agent, t.id, 'Please restart the printer & try again');
      // (the requester's first mail of the ticket is its confirmation: "[PID] Ticket received: …")
      const mail = await mailTo(requester, (m) => m.subject?.startsWith(`[${t.pid}] New reply`) ?? false);
      expect(mail.subject).toBe(`[${t.pid}] New reply: ${await ticketTitle(t.id)}`);
      expect(mail.text).toContain('Grace Agent replied');
      expect(mail.text).toContain('Please restart the printer & try again');
      expect(mail.html).toContain('Please restart the printer &amp; try again');
      const root = `<ticket-${t.id}@example.test>`;
      expect(mail.messageId).toMatch(
        new RegExp(`^<ticket-${t.id}\\.[0-9a-f-]+\\.${requester.id}@example\\.test>$`),
      );
      expect(mail.inReplyTo).toBe(root);
      expect([mail.references].flat()).toContain(root);
      expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    });

    it('never mails or shows an internal note to the requester', async () => {
      const t = await createTicket(requester);
      await assign(t.id, agent);
      const note = `internal only ${unique()}`;
      await reply(lead, t.id, note, true);
      await reply(lead, t.id, `public follow-up ${unique()}`);
      // the assignee hears of the note in-app: by then the note's event went through every consumer
      await eventually(
        async () =>
          (await notificationsOf(agent)).data.find(
            (n) => n.type === 'ticket.note_added' && n.ticketId === t.id,
          ),
        15_000,
        'the note notification of the assignee',
      );
      await mailTo(requester, (m) => m.subject?.startsWith(`[${t.pid}] New reply`) ?? false);
      const requesterMails = smtp.mails.filter((m) => recipientOf(m) === requester.email);
      expect(requesterMails.some((m) => `${m.subject} ${m.text} ${String(m.html)}`.includes(note))).toBe(
        false,
      );
      const mine = (await notificationsOf(requester, '?limit=100')).data.filter((n) => n.ticketId === t.id);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.some((n) => n.type === 'ticket.note_added' || `${n.title} ${n.body}`.includes(note))).toBe(
        false,
      );
      // nor does anyone get the note by mail
      expect(smtp.mails.some((m) => `${m.text}`.includes(note))).toBe(false);
    });

    it('mails the assignee on assignment and on a requester reply', async () => {
      const t = await createTicket(requester);
      await assign(t.id, agent);
      const assigned = await mailTo(
        agent,
        (m) => m.subject?.startsWith(`[${t.pid}] Assigned to you`) ?? false,
      );
      expect(assigned.text).toContain('Lin Lead assigned ticket');
      await reply(requester, t.id, 'Still broken, sorry');
      const answer = await mailTo(
        agent,
        (m) => m.subject?.startsWith(`[${t.pid}] Requester replied`) ?? false,
      );
      expect(answer.text).toContain('Still broken, sorry');
      expect(answer.inReplyTo).toBe(`<ticket-${t.id}@example.test>`);
    });

    it('mails the requester status changes and the resolution', async () => {
      const t = await createTicket(requester);
      await move(agent, t.id, 'IN_PROGRESS');
      await move(agent, t.id, 'RESOLVED');
      const status = await mailTo(
        requester,
        (m) => m.subject?.startsWith(`[${t.pid}] Status changed to in progress`) ?? false,
      );
      expect(status.text).toContain('moved from open to in progress');
      const resolved = await mailTo(requester, (m) => m.subject?.startsWith(`[${t.pid}] Resolved`) ?? false);
      expect(resolved.text).toContain('was resolved');
    });

    it("names a merge's target only to recipients who may read it, by mail and in-app", async () => {
      const other = await makeUser({ fullName: 'Other Requester' });
      const source = await createTicket(requester);
      const target = await createTicket(other);
      await assign(source.id, agent);
      const merged = await http()
        .post(`/api/v1/tickets/${source.id}/merge`)
        .set(...(await as(admin)))
        .send({ targetId: target.id });
      expect(merged.status).toBe(200);

      // the source's requester may not read the target: "merged into another ticket", never its PID
      const mail = await mailTo(
        requester,
        (m) =>
          (m.subject?.startsWith(`[${source.pid}] Status changed`) ?? false) && /merged/.test(m.text ?? ''),
      );
      expect(`${mail.subject} ${mail.text} ${String(mail.html)}`).not.toContain(target.pid);
      expect(mail.text).toContain('merged into another ticket');
      const mine = (await notificationsOf(requester, '?limit=100')).data.filter(
        (n) => n.ticketId === source.id && n.type === 'ticket.status_changed',
      );
      expect(mine.length).toBeGreaterThan(0);
      expect(JSON.stringify(mine)).not.toContain(target.pid);
      expect(mine.some((n) => String(n.body).includes('merged into another ticket'))).toBe(true);

      // the assignee works the department and reads the target: its PID
      await eventually(
        async () => {
          const theirs = (await notificationsOf(agent, '?limit=100')).data.filter(
            (n) => n.ticketId === source.id && n.type === 'ticket.status_changed',
          );
          return theirs.some((n) => String(n.body).includes(`merged into ${target.pid}`));
        },
        15_000,
        'the merge notification of the assignee',
      );
    });

    it('sends the password reset through the outbox and then removes the token from the stored event', async () => {
      const user = await makeUser();
      await http().post('/api/v1/auth/password/forgot').send({ email: user.email }).expect(202);
      const mail = await mailTo(user, (m) => m.subject === 'Reset your helpdesk password');
      expect(mail.text).toMatch(/^token=[A-Za-z0-9_-]{43}$/m);
      const [row] = await eventually(
        async () => {
          const rows = await sql<{ payload: { data: Record<string, unknown> }; dispatched_at: Date | null }>(
            `SELECT payload, dispatched_at FROM outbox_events WHERE type = 'auth.password_reset_requested'
               AND aggregate_id = $1`,
            [user.id],
          );
          return rows.length === 1 && rows[0].dispatched_at && !('token' in rows[0].payload.data)
            ? rows
            : undefined;
        },
        10_000,
        'the token to leave the outbox row',
      );
      expect(row.payload.data).toMatchObject({ userId: user.id });
      const token = /token=([A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1];
      expect(JSON.stringify(row.payload)).not.toContain(token);
      // and it shows up nowhere in-app
      expect((await notificationsOf(user)).data).toEqual([]);
      // nor in Redis: the event's job is removed once handled, not kept a day with the token (only its hash is kept)
      const events = app.get<Queue>(getQueueToken(EVENTS_QUEUE));
      const eventId = (
        await sql<{ id: string }>(`SELECT id FROM outbox_events WHERE aggregate_id = $1`, [user.id])
      )[0].id;
      await eventually(
        async () => ((await events.getJob(eventId)) ? undefined : true),
        10_000,
        'the job to go',
      );
      expect(await redisKeysHolding(env.REDIS_KEY_PREFIX, token)).toEqual([]);
    });
  });

  describe('webhooks', () => {
    it('signs each delivery, retries a 500 and records both attempts', async () => {
      const path = `/flaky-${unique()}`;
      receiver.failFirst(path, 1);
      const created = await post(admin, '/admin/webhooks', {
        url: receiver.url(path),
        events: ['ticket.created'],
      });
      expect(created.status).toBe(201);
      const hook = created.body.data;
      expect(hook).toMatchObject({ url: receiver.url(path), events: ['ticket.created'] });
      expect(typeof hook.secret).toBe('string');
      expect(hook.secret.length).toBeGreaterThanOrEqual(32);

      const t = await createTicket(requester);
      const hits = await eventually(() => (receiver.on(path).length >= 2 ? receiver.on(path) : undefined));
      for (const hit of hits) {
        const timestamp = hit.headers['x-webhook-timestamp'] as string;
        const expected = createHmac('sha256', hook.secret).update(`${timestamp}.${hit.body}`).digest('hex');
        expect(hit.headers['x-webhook-signature']).toBe(`sha256=${expected}`);
        expect(hit.headers['content-type']).toBe('application/json');
        expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
        const body = JSON.parse(hit.body);
        expect(Object.keys(body).sort()).toEqual(['data', 'id', 'occurredAt', 'type']);
        expect(body).toMatchObject({ id: hit.headers['x-webhook-id'], type: 'ticket.created' });
        expect(body.data.ticket).toMatchObject({ id: t.id, pid: t.pid });
        expect(new Date(body.occurredAt).toISOString()).toBe(body.occurredAt);
      }
      expect(hits[0].headers['x-webhook-id']).toBe(hits[1].headers['x-webhook-id']);

      const deliveries = await eventually(async () => {
        const res = await get(admin, `/admin/webhooks/${hook.id}/deliveries`);
        expect(res.status).toBe(200);
        return res.body.data.length >= 2 ? res.body : undefined;
      });
      expect(deliveries.pagination).toMatchObject({ page: 1, total: 2 });
      const [second, first] = deliveries.data; // newest first
      expect(first).toMatchObject({
        attempt: 1,
        statusCode: 500,
        success: false,
        eventId: hits[0].headers['x-webhook-id'],
      });
      expect(first.error).toContain('500');
      expect(second).toMatchObject({
        attempt: 2,
        statusCode: 200,
        success: true,
        error: null,
        eventType: 'ticket.created',
      });
      expect(typeof second.durationMs).toBe('number');

      // the secret is never shown again
      const list = await get(admin, '/admin/webhooks');
      expect(list.status).toBe(200);
      const listed = list.body.data.find((w: { id: string }) => w.id === hook.id);
      expect(listed).toBeDefined();
      expect(listed.secret).toBeUndefined();
      expect(JSON.stringify(list.body)).not.toContain(hook.secret);
      const one = await read(admin, `/admin/webhooks/${hook.id}`);
      expect(one.secret).toBeUndefined();
    });

    it('takes a secret at the documented limit in any script, and signs with it', async () => {
      // 256 characters of three UTF-8 bytes each: 768 bytes before encryption
      const secret = '密'.repeat(256);
      const path = `/wide-${unique()}`;
      const created = await post(admin, '/admin/webhooks', {
        url: receiver.url(path),
        events: ['ticket.created'],
        secret,
      });
      expect(created.status).toBe(201);
      await createTicket(requester);
      const [hit] = await eventually(() => receiver.on(path).length > 0 && receiver.on(path));
      const timestamp = String(hit.headers['x-webhook-timestamp']);
      const expected = createHmac('sha256', secret).update(`${timestamp}.${hit.body}`).digest('hex');
      expect(hit.headers['x-webhook-signature']).toBe(`sha256=${expected}`);
      expect((await del(admin, `/admin/webhooks/${created.body.data.id}`)).status).toBe(204);
    });

    it('delivers everything to "*" but never a password reset, and stops after DELETE', async () => {
      const path = `/all-${unique()}`;
      const created = await post(admin, '/admin/webhooks', {
        url: receiver.url(path),
        events: ['*'],
        secret: 'a-secret-chosen-by-the-admin',
      });
      expect(created.status).toBe(201);
      expect(created.body.data.secret).toBe('a-secret-chosen-by-the-admin');
      const user = await makeUser();
      await http().post('/api/v1/auth/password/forgot').send({ email: user.email }).expect(202);
      const t = await createTicket(requester);
      await reply(agent, t.id, 'on it');
      await mailTo(user, (m) => m.subject === 'Reset your helpdesk password');
      const types = await eventually(() => {
        const seen = receiver.on(path).map((r) => JSON.parse(r.body).type as string);
        return seen.includes('ticket.created') && seen.includes('ticket.message_added') ? seen : undefined;
      });
      expect(types).not.toContain('auth.password_reset_requested');
      expect(receiver.on(path).some((r) => r.body.includes(user.id))).toBe(false);

      expect((await del(admin, `/admin/webhooks/${created.body.data.id}`)).status).toBe(204);
      expect((await get(admin, `/admin/webhooks/${created.body.data.id}`)).status).toBe(404);
      expect((await get(admin, `/admin/webhooks/${created.body.data.id}/deliveries`)).status).toBe(404);
      const before = receiver.on(path).length;
      const later = await createTicket(requester);
      // a webhook created after it proves the event went through the fan-out
      await eventually(async () =>
        (
          await sql(`SELECT 1 FROM outbox_events WHERE aggregate_id = $1 AND dispatched_at IS NOT NULL`, [
            later.id,
          ])
        ).length > 0
          ? true
          : undefined,
      );
      await new Promise((r) => setTimeout(r, 500));
      expect(receiver.on(path)).toHaveLength(before);
    });

    it('validates subscriptions and is for ADMINs only', async () => {
      const subscribe = (body: Record<string, unknown>, who = admin) => post(who, '/admin/webhooks', body);
      expect((await subscribe({ url: receiver.url('/x'), events: ['ticket.exploded'] })).status).toBe(400);
      expect(
        (await subscribe({ url: receiver.url('/x'), events: ['auth.password_reset_requested'] })).status,
      ).toBe(400);
      expect((await subscribe({ url: receiver.url('/x'), events: [] })).status).toBe(400);
      expect((await subscribe({ url: 'ftp://example.com/x', events: ['*'] })).status).toBe(400);
      expect((await subscribe({ url: receiver.url('/x'), events: ['*'], secret: 'short' })).status).toBe(400);
      expect((await subscribe({ url: receiver.url('/x'), events: ['*'], extra: 1 })).status).toBe(400);
      expect((await subscribe({ url: receiver.url('/x'), events: ['*'] }, lead)).status).toBe(403);
      expect((await get(agent, '/admin/webhooks')).status).toBe(403);
      expect((await del(admin, `/admin/webhooks/not-a-uuid`)).status).toBe(404);
    });
  });

  describe('in-app notifications', () => {
    it('lists, filters unread, marks one and all read, and keeps them private', async () => {
      const me = await makeUser();
      const other = await makeUser();
      const t = await createTicket(me);
      await reply(agent, t.id, 'first answer');
      await reply(agent, t.id, 'second answer');
      const unread = await eventually(async () => {
        const page = await notificationsOf(me, '?unread=true');
        return page.data.length === 2 ? page : undefined;
      });
      expect(unread.data.map((n) => n.body)).toEqual([
        expect.stringContaining('second answer'),
        expect.stringContaining('first answer'),
      ]); // newest first
      expect(unread.data[0]).toMatchObject({
        type: 'ticket.message_added',
        ticketId: t.id,
        read: false,
        readAt: null,
        title: expect.stringContaining(t.pid),
      });
      expect(Object.keys(unread.data[0]).sort()).toEqual(
        ['body', 'createdAt', 'eventId', 'id', 'read', 'readAt', 'ticketId', 'title', 'type'].sort(),
      );
      const [newest, oldest] = unread.data;

      // someone else's notification is 404, for reading and in lists
      expect((await post(other, `/notifications/${oldest.id}/read`)).status).toBe(404);
      expect((await notificationsOf(other)).pagination.total).toBe(0);

      const marked = await post(me, `/notifications/${oldest.id}/read`);
      expect(marked.status).toBe(200);
      expect(marked.body.data).toMatchObject({ id: oldest.id, read: true, readAt: expect.any(String) });
      const again = await post(me, `/notifications/${oldest.id}/read`);
      expect(again.status).toBe(200);
      expect(again.body.data.readAt).toBe(marked.body.data.readAt);
      expect((await notificationsOf(me, '?unread=true')).data.map((n) => n.id)).toEqual([newest.id]);
      expect((await notificationsOf(me)).pagination.total).toBe(2);
      expect((await notificationsOf(me, '?limit=1&page=2')).data.map((n) => n.id)).toEqual([oldest.id]);

      const all = await post(me, '/notifications/read-all');
      expect(all.status).toBe(200);
      expect(all.body.data).toEqual({ updated: 1 });
      expect((await notificationsOf(me, '?unread=true')).pagination.total).toBe(0);

      expect((await post(me, '/notifications/not-a-uuid/read')).status).toBe(404);
      expect((await get(me, '/notifications?limit=101')).status).toBe(400);
      await http().get('/api/v1/notifications').expect(401);
    });
  });

  describe('inbound email', () => {
    const messagesOf = async (ticketId: string) =>
      (
        await http()
          .get(`/api/v1/tickets/${ticketId}/messages?limit=100`)
          .set(...(await as(agent)))
          .expect(200)
      ).body.data as Array<{ body: string; authorId: string }>;

    it('refuses a missing or wrong secret with 401', async () => {
      const raw = await inbound.compose({ from: requester.email, subject: 'hello', text: 'hi' });
      expect((await inbound.post(raw, { secret: 'not-the-secret-at-all' })).status).toBe(401);
      const missing = await inbound.post(raw, { secret: null });
      expect(missing.status).toBe(401);
      expect(missing.body.error.code).toBe('UNAUTHENTICATED');
    });

    it('adds a reply from the requester to the ticket named in the subject, once per Message-ID', async () => {
      const t = await createTicket(requester);
      await move(agent, t.id, 'PENDING_USER');
      const messageId = `<${unique('reply')}@mail.example.test>`;
      const raw = await inbound.compose({
        from: `Ada Requester <${requester.email.toUpperCase()}>`,
        subject: `Re: [${t.pid}] Status changed to pending user: Printer`,
        text: 'Here is the model number: X-100\n\nOn Mon, Helpdesk <desk@example.test> wrote:\n> Which model?',
        messageId,
      });
      const first = await inbound.post(raw);
      expect(first.status).toBe(200);
      expect(first.body.data).toMatchObject({ status: 'reply_added', ticketId: t.id, pid: t.pid });
      const messages = await messagesOf(t.id);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ body: 'Here is the model number: X-100', authorId: requester.id });
      const [stored] = await sql<{ source: string; external_message_id: string; internal: boolean }>(
        `SELECT source, external_message_id, internal FROM ticket_messages WHERE ticket_id = $1`,
        [t.id],
      );
      expect(stored).toEqual({ source: 'email', external_message_id: messageId, internal: false });
      // the requester's answer puts the ticket back in progress, as a reply through the API does
      const ticket = await read(agent, `/tickets/${t.id}`);
      expect(ticket.status).toBe('IN_PROGRESS');

      const second = await inbound.post(raw);
      expect(second.status).toBe(200);
      expect(second.body.data).toMatchObject({ status: 'duplicate', ticketId: t.id });
      expect(await messagesOf(t.id)).toHaveLength(1);
    });

    it('finds the ticket from the References of a reply to our mail', async () => {
      const t = await createTicket(requester);
      const res = await inbound.mail({
        from: requester.email,
        subject: 'Re: your printer',
        text: 'Answering without the PID',
        inReplyTo: `<ticket-${t.id}@example.test>`,
      });
      expect(res.body.data).toMatchObject({ status: 'reply_added', ticketId: t.id });
    });

    it('opens a ticket for a known sender, with the attachments that pass the upload checks', async () => {
      const res = await inbound.mail({
        from: `Ada <${requester.email}>`,
        subject: 'VPN does not connect',
        text: 'Since this morning the VPN fails.',
        attachments: [
          { filename: 'screenshot.png', content: PNG, contentType: 'image/png' },
          { filename: 'tool.exe', content: ELF, contentType: 'application/octet-stream' },
        ],
      });
      expect(res.status).toBe(201);
      const data = res.body.data;
      expect(data).toMatchObject({ status: 'ticket_created', messageId: null });
      expect(data.attachments).toEqual([{ id: expect.any(String), filename: 'screenshot.png' }]);
      expect(data.skippedAttachments).toEqual([{ filename: 'tool.exe', reason: expect.any(String) }]);
      const ticket = await read(requester, `/tickets/${data.ticketId}`);
      expect(ticket).toMatchObject({
        title: 'VPN does not connect',
        description: 'Since this morning the VPN fails.',
        requesterId: requester.id,
        pid: data.pid,
      });
      const attachments = await read(requester, `/tickets/${data.ticketId}/attachments`);
      expect(attachments).toEqual([
        expect.objectContaining({
          filename: 'screenshot.png',
          contentType: 'image/png',
          sizeBytes: PNG.length,
        }),
      ]);
    });

    it('takes a mail carrying NUL characters, without them, as a ticket and as a reply', async () => {
      const nulMail = (subject: string, body: string, attachment?: string) =>
        Buffer.from(
          [
            `From: Ada <${requester.email}>`,
            'To: support@example.test',
            `Subject: ${subject}`,
            `Message-ID: <${unique('nul')}@mail.example.test>`,
            'MIME-Version: 1.0',
            'Content-Type: multipart/mixed; boundary="b"',
            '',
            '--b',
            'Content-Type: text/plain; charset=utf-8',
            'Content-Transfer-Encoding: quoted-printable',
            '',
            body,
            ...(attachment
              ? [
                  '--b',
                  'Content-Type: image/png',
                  `Content-Disposition: attachment; filename*=utf-8''${attachment}`,
                  'Content-Transfer-Encoding: base64',
                  '',
                  PNG.toString('base64'),
                ]
              : []),
            '--b--',
            '',
          ].join('\r\n'),
        );
      const opened = await inbound.post(
        nulMail('=?UTF-8?Q?Printer=00_jam?=', 'Paper=00 stuck', 'scr%00een.png'),
      );
      expect(opened.status).toBe(201);
      expect(opened.body.data.attachments).toEqual([{ id: expect.any(String), filename: 'screen.png' }]);
      const ticket = await get(requester, `/tickets/${opened.body.data.ticketId}`);
      expect(ticket.body.data).toMatchObject({ title: 'Printer jam', description: 'Paper stuck' });

      const replied = await inbound.post(
        nulMail(`=?UTF-8?Q?Re=3A_[${opened.body.data.pid}]_x=00y?=`, 'still=00 stuck'),
      );
      expect(replied.status).toBe(200);
      expect(replied.body.data).toMatchObject({ status: 'reply_added', ticketId: opened.body.data.ticketId });
      const messages = await get(requester, `/tickets/${opened.body.data.ticketId}/messages`);
      expect(messages.body.data.map((m: { body: string }) => m.body)).toEqual(['still stuck']);
    });

    it('opens a new ticket when the sender may not reply on the ticket named', async () => {
      const t = await createTicket(requester);
      const stranger = await makeUser();
      await inbound.mailOpensTicket(
        { from: stranger.email, subject: `Re: [${t.pid}] Printer`, text: 'me too' },
        t.id,
      );
      expect(await messagesOf(t.id)).toHaveLength(0);
    });

    it('ignores unknown senders and autoresponders', async () => {
      const unknown = await inbound.mail({
        from: `${unique('nobody')}@example.test`,
        subject: 'Hello',
        text: 'hi',
      });
      expect(unknown.status).toBe(200);
      expect(unknown.body.data).toMatchObject({ status: 'ignored', reason: 'unknown_sender' });
      const auto = await inbound.mail({
        from: requester.email,
        subject: 'Out of office',
        text: 'I am away',
        headers: { 'Auto-Submitted': 'auto-replied' },
      });
      expect(auto.body.data).toMatchObject({ status: 'ignored', reason: 'auto_reply' });
      // not message/rfc822
      await request(app.getHttpServer())
        .post('/api/v1/inbound/email')
        .set('X-Inbound-Secret', INBOUND_SECRET)
        .send({ json: true })
        .expect(415);
    });
  });

  describe('configured otherwise', () => {
    let strict: NestFastifyApplication;
    let closed: NestFastifyApplication;

    beforeAll(async () => {
      // one after the other: startTestApp swaps process.env while an app reads its configuration
      strict = await startTestApp({
        env: { ...env, WEBHOOK_ALLOW_PRIVATE: 'false', INBOUND_AUTO_REGISTER: 'true' },
      });
      closed = await startTestApp({ env: { ...env, INBOUND_EMAIL_SECRET: '' } });
    });
    afterAll(async () => {
      await Promise.all([strict?.close(), closed?.close()]);
    });

    it.each([
      'http://127.0.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.1.2.3:8080/hook',
      'http://192.168.0.10/',
      'http://0.0.0.0:3000/',
      'http://[::1]:8080/',
      'http://[fd00::1]/',
      'http://2130706433/',
    ])('refuses a webhook to %s with 400 when WEBHOOK_ALLOW_PRIVATE=false', async (url) => {
      const res = await request(strict.getHttpServer())
        .post('/api/v1/admin/webhooks')
        .set(...(await as(admin, strict)))
        .send({ url, events: ['*'] });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details).toEqual([{ field: 'url', message: expect.any(String) }]);
    });

    it('registers an unknown sender as END_USER when INBOUND_AUTO_REGISTER=true', async () => {
      const email = `${unique('newcomer')}@example.test`;
      const res = await inbound.mail(
        { from: `New Comer <${email}>`, subject: 'Need a laptop', text: 'Please.' },
        { on: strict },
      );
      expect(res.status).toBe(201);
      expect(res.body.data.status).toBe('ticket_created');
      const [user] = await sql<{ id: string; role: string; full_name: string }>(
        `SELECT id, role, full_name FROM users WHERE email = $1`,
        [email],
      );
      expect(user).toMatchObject({ role: 'END_USER', full_name: 'New Comer' });
      const [ticket] = await sql<{ requester_id: string }>(`SELECT requester_id FROM tickets WHERE id = $1`, [
        res.body.data.ticketId,
      ]);
      expect(ticket.requester_id).toBe(user.id);
    });

    it('answers 503 while INBOUND_EMAIL_SECRET is unset', async () => {
      const res = await inbound.mail({ from: requester.email, subject: 'x', text: 'y' }, { on: closed });
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
    });
  });

  async function ticketTitle(id: string): Promise<string> {
    const [row] = await sql<{ title: string }>(`SELECT title FROM tickets WHERE id = $1`, [id]);
    return row.title;
  }

  async function assign(ticketId: string, to: TestUser): Promise<void> {
    const res = await http()
      .post(`/api/v1/tickets/${ticketId}/assign`)
      .set(...(await as(lead)))
      .send({ assigneeId: to.id });
    expect(res.status).toBe(200);
  }
});
