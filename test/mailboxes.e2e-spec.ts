import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ImapFlow } from 'imapflow';
import { freePort } from '../src/infrastructure/embedded/free-port';
import { startTestApp } from './support/app';
import { TestDovecot } from './support/dovecot';
import { makeDepartment, makeUser, sql, TestUser, unique } from './support/factories';
import { testApi } from './support/api';
import { composeMail } from './support/inbound-mail';
import { createPrivateDatabase, PrivateDatabase } from './support/private-database';
import { eventually } from './support/webhook-receiver';

jest.setTimeout(120_000);

const MAILBOX_USER = 'support@example.test';
const MAILBOX_PASSWORD = `imap-${unique()}-secret`;

describe('mailboxes: IMAP import (e2e, real Dovecot)', () => {
  let db: PrivateDatabase;
  let dovecot: TestDovecot;
  let dept: { id: string };
  let admin: TestUser;
  let requester: TestUser;
  let agent: TestUser;
  const apps: NestFastifyApplication[] = [];
  const env = (): Record<string, string> => ({
    DATABASE_URL: db.url,
    REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}mbox:`,
    MAILBOX_SCAN_MS: '300',
    MAILBOX_POLL_SECONDS: '2',
    OUTBOX_POLL_INTERVAL_MS: '200',
    STORAGE_DIR: storageDir,
  });
  const storageDir = mkdtempSync(join(tmpdir(), 'helpdesk-mbox-'));
  const start = async (withWorker = true): Promise<NestFastifyApplication> => {
    const app = await startTestApp({ withWorker, env: env() });
    apps.push(app);
    return app;
  };
  const stop = async (app: NestFastifyApplication): Promise<void> => {
    apps.splice(apps.indexOf(app), 1);
    await app.close();
  };
  let api: NestFastifyApplication; // no worker: the API alone
  const { http, as, get, post, patch, del } = testApi(() => api);

  /** a real IMAP client, as the mail server's other users would be */
  const imap = async <T>(
    work: (c: ImapFlow) => Promise<T>,
    pass = MAILBOX_PASSWORD,
    port = dovecot.port,
  ): Promise<T> => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user: MAILBOX_USER, pass },
      logger: false,
    });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout();
    }
  };
  const deliver = async (
    m: { from: string; subject: string; text: string; messageId?: string },
    port = dovecot.port,
  ) => {
    const raw = await composeMail(m, MAILBOX_USER);
    await imap((c) => c.append('INBOX', raw), MAILBOX_PASSWORD, port);
  };
  const ticketsTitled = (title: string) =>
    sql<{ id: string; pid: string; department_id: string }>(
      `SELECT id, pid, department_id FROM tickets WHERE title = $1`,
      [title],
    );
  const mailboxState = async (id: string) => {
    const res = await get(admin, `/admin/mailboxes/${id}`);
    expect(res.status).toBe(200);
    return res.body.data as Record<string, any>;
  };

  let mailbox: { id: string };

  beforeAll(async () => {
    [db, dovecot] = await Promise.all([
      createPrivateDatabase('mbox'),
      new TestDovecot({ [MAILBOX_USER]: MAILBOX_PASSWORD }).start(),
    ]);
    process.env.DATABASE_URL = db.url;
    dept = await makeDepartment();
    admin = await makeUser({ role: 'ADMIN' });
    requester = await makeUser({ fullName: 'Mia Mailer' });
    agent = await makeUser({ role: 'AGENT', departmentId: dept.id });
    api = await start(false);
  });
  afterAll(async () => {
    for (const app of [...apps].reverse()) await app.close();
    await dovecot?.stop();
    await db?.drop();
  });

  /** A mailbox on the test's Dovecot, logging in as its user, for the suite's department; `fields` override. */
  const dovecotMailbox = (fields: Record<string, unknown>) => ({
    host: '127.0.0.1',
    port: dovecot.port,
    secure: false,
    username: MAILBOX_USER,
    password: MAILBOX_PASSWORD,
    departmentId: dept.id,
    ...fields,
  });
  /** the admin adds a mailbox on the test server (see dovecotMailbox): the response */
  const addMailbox = (fields: Record<string, unknown>) =>
    post(admin, '/admin/mailboxes', dovecotMailbox(fields));

  describe('administration', () => {
    it('creates a mailbox with its password encrypted and never shown, for ADMINs only', async () => {
      const res = await addMailbox({ name: 'Support', processedFolder: 'Processed' });
      expect(res.status).toBe(201);
      mailbox = res.body.data;
      expect(res.body.data).toMatchObject({
        name: 'Support',
        folder: 'INBOX',
        processedFolder: 'Processed',
        passwordSet: true,
        active: true,
        importedTotal: 0,
        lastError: null,
      });
      expect(JSON.stringify(res.body)).not.toContain(MAILBOX_PASSWORD);
      const list = await get(admin, '/admin/mailboxes');
      expect(list.status).toBe(200);
      expect(JSON.stringify(list.body)).not.toContain(MAILBOX_PASSWORD);
      const [row] = await sql<{ password_encrypted: string }>(
        `SELECT password_encrypted FROM mailboxes WHERE id = $1`,
        [mailbox.id],
      );
      expect(row.password_encrypted).toMatch(/^v1\./);
      expect(row.password_encrypted).not.toContain(MAILBOX_PASSWORD);
      const audit = await sql<{ before: unknown; after: unknown }>(
        `SELECT before, after FROM audit_log WHERE entity_id = $1`,
        [mailbox.id],
      );
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit)).not.toContain(MAILBOX_PASSWORD);

      expect((await get(agent, '/admin/mailboxes')).status).toBe(403);
      const bad = await post(admin, '/admin/mailboxes', {
        name: 'x',
        host: 'bad host!',
        port: 0,
        secure: 'yes',
        username: 'u',
        password: 'p',
        departmentId: dept.id,
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'host',
        'port',
        'secure',
      ]);
      const sameName = await post(admin, '/admin/mailboxes', {
        name: 'Support',
        host: '127.0.0.1',
        port: 143,
        secure: false,
        username: 'u',
        password: 'p',
        departmentId: dept.id,
      });
      expect(sameName.status).toBe(409);
      // a password at the documented limit, in characters of three UTF-8 bytes, is stored (encrypted) as well
      const wide = await post(admin, '/admin/mailboxes', {
        name: unique('Wide password'),
        host: '127.0.0.1',
        port: 143,
        secure: false,
        username: 'u',
        password: '密'.repeat(1024),
        departmentId: dept.id,
        active: false,
      });
      expect(wide.status).toBe(201);
      expect((await del(admin, `/admin/mailboxes/${wide.body.data.id}`)).status).toBe(204);
      expect((await get(admin, '/admin/mailboxes/not-a-uuid')).status).toBe(404);
    });

    it('tests the login and the folder, and says what the server refused', async () => {
      const ok = await post(admin, `/admin/mailboxes/${mailbox.id}/test`);
      expect(ok.status).toBe(200);
      expect(ok.body.data).toEqual({ ok: true });

      const wrong = await addMailbox({ name: 'Wrong password', password: 'not-the-password', active: false });
      expect(wrong.status).toBe(201);
      const refused = await post(admin, `/admin/mailboxes/${wrong.body.data.id}/test`);
      expect(refused.status).toBe(200);
      expect(refused.body.data.ok).toBe(false);
      expect(refused.body.data.error).toMatch(/Login refused by the server: Authentication failed/);
      expect(refused.body.data.error).not.toContain('not-the-password');

      const folder = await patch(admin, `/admin/mailboxes/${wrong.body.data.id}`, {
        password: MAILBOX_PASSWORD,
        folder: 'Nowhere',
      });
      expect(folder.status).toBe(200);
      expect(folder.body.data.folder).toBe('Nowhere');
      const missing = await post(admin, `/admin/mailboxes/${wrong.body.data.id}/test`);
      expect(missing.status).toBe(200);
      expect(missing.body.data).toEqual({ ok: false, error: expect.stringMatching(/folder does not exist/) });
      expect((await del(admin, `/admin/mailboxes/${wrong.body.data.id}`)).status).toBe(204);
      expect((await get(admin, `/admin/mailboxes/${wrong.body.data.id}`)).status).toBe(404);
    });

    it('with a one-letter password, says what failed without garbling the words or showing where the letter occurs', async () => {
      const closed = await addMailbox({
        name: 'Closed port',
        port: await freePort(),
        password: 'p',
        active: false,
      });
      expect(closed.status).toBe(201);
      const refusedConnection = await post(admin, `/admin/mailboxes/${closed.body.data.id}/test`);
      expect(refusedConnection.body.data).toEqual({
        ok: false,
        error: 'Connection refused: nothing listens on that host and port',
      });
      // Dovecot answers "Authentication failed.", which holds an "a": the server's words are left out whole
      const wrong = await addMailbox({ name: 'One letter', password: 'a', active: false });
      expect(wrong.status).toBe(201);
      const refusedLogin = await post(admin, `/admin/mailboxes/${wrong.body.data.id}/test`);
      expect(refusedLogin.body.data).toEqual({ ok: false, error: 'Login refused by the server' });
      for (const id of [closed.body.data.id, wrong.body.data.id])
        expect((await del(admin, `/admin/mailboxes/${id}`)).status).toBe(204);
    });

    it('refuses null for a setting that cannot be empty, naming the field, and changes nothing', async () => {
      const before = (await get(admin, `/admin/mailboxes/${mailbox.id}`)).body.data;
      const [{ password_encrypted: passwordBefore }] = await sql<{ password_encrypted: string }>(
        `SELECT password_encrypted FROM mailboxes WHERE id = $1`,
        [mailbox.id],
      );
      for (const field of [
        'name',
        'host',
        'port',
        'secure',
        'username',
        'password',
        'folder',
        'departmentId',
        'active',
      ]) {
        const res = await patch(admin, `/admin/mailboxes/${mailbox.id}`, { [field]: null });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_ERROR');
        expect(new Set(res.body.error.details.map((d: { field: string }) => d.field))).toEqual(
          new Set([field]),
        );
      }
      expect((await get(admin, `/admin/mailboxes/${mailbox.id}`)).body.data).toEqual(before);
      const [{ password_encrypted: passwordAfter }] = await sql<{ password_encrypted: string }>(
        `SELECT password_encrypted FROM mailboxes WHERE id = $1`,
        [mailbox.id],
      );
      expect(passwordAfter).toBe(passwordBefore);
      const cleared = await patch(admin, `/admin/mailboxes/${mailbox.id}`, { processedFolder: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body.data.processedFolder).toBeNull();
      const restored = await patch(admin, `/admin/mailboxes/${mailbox.id}`, { processedFolder: 'Processed' });
      expect(restored.status).toBe(200); // creating: an optional setting sent as null is refused too, not stored as a missing default
      for (const field of ['folder', 'active']) {
        const created = await addMailbox({ name: `Null ${field}`, [field]: null });
        expect({ field, status: created.status }).toEqual({ field, status: 400 });
        expect(new Set(created.body.error.details.map((d: { field: string }) => d.field))).toEqual(
          new Set([field]),
        );
      }
    });
  });

  describe('import', () => {
    let worker: NestFastifyApplication;
    let first: { id: string; pid: string };

    it('turns a mail appended to the mailbox into a ticket of its department, then flags and moves it', async () => {
      worker = await start();
      await deliver({ from: requester.email, subject: 'Scanner offline', text: 'The scanner is offline.' });
      const [ticket] = await eventually(async () => {
        const rows = await ticketsTitled('Scanner offline');
        return rows.length > 0 ? rows : undefined;
      }, 20_000);
      first = ticket;
      expect(ticket.department_id).toBe(dept.id);
      const state = await eventually(async () => {
        const s = await mailboxState(mailbox.id);
        return s.importedTotal === 1 && s.lastSyncAt ? s : undefined;
      });
      expect(state).toMatchObject({ importedTotal: 1, failedTotal: 0, lastError: null });
      const metrics = await http(worker).get('/metrics').expect(200);
      expect(metrics.text).toContain(`mailbox_messages_total{mailbox="${mailbox.id}",outcome="imported"} 1`);
      // imported mail leaves the inbox for the processed folder, flagged \Seen
      const moved = await eventually(() =>
        imap(async (c) => {
          const inbox = (await c.status('INBOX', { messages: true })) || { messages: -1 };
          const processed = await c.mailboxOpen('Processed');
          const flags: string[][] = [];
          if (processed.exists > 0)
            for await (const m of c.fetch('1:*', { flags: true })) flags.push([...(m.flags ?? [])]);
          return inbox.messages === 0 && flags.length === 1 ? flags : undefined;
        }),
      );
      expect(moved[0]).toContain('\\Seen');
    });

    it('threads a reply appended later onto the ticket', async () => {
      await deliver({
        from: requester.email,
        subject: `Re: [${first.pid}] Scanner offline`,
        text: 'Still offline.',
      });
      const [message] = await eventually(async () => {
        const rows = await sql<{ body: string; source: string }>(
          `SELECT body, source FROM ticket_messages WHERE ticket_id = $1`,
          [first.id],
        );
        return rows.length > 0 ? rows : undefined;
      }, 20_000);
      expect(message).toEqual({ body: 'Still offline.', source: 'email' });
    });

    it('imports nothing twice when the worker stops and starts again', async () => {
      await stop(worker);
      await deliver({ from: requester.email, subject: 'Mouse broken', text: 'While nobody listened.' });
      worker = await start();
      await eventually(
        async () => ((await ticketsTitled('Mouse broken')).length > 0 ? true : undefined),
        20_000,
      );
      await eventually(async () => ((await mailboxState(mailbox.id)).importedTotal === 3 ? true : undefined));
      // another restart, and a complete pass over the folder: still one of each
      const before = (await mailboxState(mailbox.id)).lastSyncAt as string;
      await stop(worker);
      worker = await start();
      await eventually(
        async () => ((await mailboxState(mailbox.id)).lastSyncAt > before ? true : undefined),
        20_000,
      );
      expect(await ticketsTitled('Scanner offline')).toHaveLength(1);
      expect(await ticketsTitled('Mouse broken')).toHaveLength(1);
      const [{ count }] = await sql<{ count: string }>(
        `SELECT count(*) FROM ticket_messages WHERE ticket_id = $1`,
        [first.id],
      );
      expect(Number(count)).toBe(1);
      expect((await mailboxState(mailbox.id)).importedTotal).toBe(3);
      await stop(worker);
    });

    it('imports each mail once with two workers serving at the same time', async () => {
      // one after the other: startTestApp swaps process.env while an app reads its configuration
      const a = await start();
      const b = await start();
      const titles = Array.from({ length: 6 }, (_, i) => `Parallel ${i} ${unique()}`);
      for (const title of titles) await deliver({ from: requester.email, subject: title, text: title });
      await eventually(
        async () => ((await mailboxState(mailbox.id)).importedTotal === 9 ? true : undefined),
        30_000,
      );
      for (const title of titles) expect(await ticketsTitled(title)).toHaveLength(1);
      const [{ count }] = await sql<{ count: string }>(`SELECT count(*) FROM inbound_emails`);
      expect(Number(count)).toBe(9);
      // one worker served the mailbox: neither read a mail the other had imported (no duplicates)
      for (const app of [a, b]) {
        const metrics = await http(app).get('/metrics').expect(200);
        expect(metrics.text).not.toMatch(/mailbox_messages_total\{[^}]*outcome="duplicate"\}/);
      }
      // the first worker took the mailbox; when it stops, the other takes over
      await stop(a);
      await deliver({ from: requester.email, subject: 'After the handover', text: 'x' });
      await eventually(
        async () => ((await ticketsTitled('After the handover')).length > 0 ? true : undefined),
        30_000,
      );
      const metrics = await http(b).get('/metrics').expect(200);
      expect(metrics.text).toContain(`mailbox_messages_total{mailbox="${mailbox.id}",outcome="imported"} 1`);
      await stop(b);
    });

    it('keeps a mail it cannot import, for ADMINs to read and retry, without blocking the next ones', async () => {
      worker = await start();
      const line = `${'x'.repeat(998)}\r\n`;
      const huge = Buffer.concat([
        Buffer.from(
          `From: ${requester.email}\r\nTo: ${MAILBOX_USER}\r\nSubject: Huge\r\nMessage-ID: <huge@example.test>\r\n\r\n`,
        ),
        Buffer.alloc(26 * 1024 * 1024, line),
      ]);
      await imap((c) => c.append('INBOX', huge));
      await deliver({ from: requester.email, subject: 'After the huge one', text: 'small' });
      await eventually(
        async () => ((await ticketsTitled('After the huge one')).length > 0 ? true : undefined),
        30_000,
      );
      const state = await mailboxState(mailbox.id);
      expect(state).toMatchObject({ failedTotal: 1, importedTotal: 11 });
      const failures = await get(admin, `/admin/mailboxes/${mailbox.id}/failures`);
      expect(failures.status).toBe(200);
      expect(failures.body.data).toEqual([
        expect.objectContaining({
          status: 'FAILED',
          error: expect.stringContaining('larger than'),
          rawSizeBytes: huge.length,
          attempts: 1,
        }),
      ]);
      const failure = failures.body.data[0];
      const raw = await http()
        .get(`/api/v1/admin/mailboxes/${mailbox.id}/failures/${failure.id}/raw`)
        .set(...(await as(admin)))
        .buffer(true)
        .parse((res, done) => {
          let size = 0;
          res.on('data', (c: Buffer) => (size += c.length));
          res.on('end', () => done(null, size));
        })
        .expect(200);
      expect(raw.headers['content-type']).toBe('message/rfc822');
      expect(raw.body).toBe(huge.length);
      const retried = await post(admin, `/admin/mailboxes/${mailbox.id}/failures/${failure.id}/retry`);
      expect(retried.status).toBe(200);
      expect(retried.body.data).toMatchObject({
        status: 'FAILED',
        attempts: 2,
        error: expect.stringContaining('larger'),
      });
      await stop(worker);
    });

    it('shows a refused login in lastError', async () => {
      dovecot.setPassword(MAILBOX_USER, 'changed-on-the-server');
      worker = await start();
      const state = await eventually(async () => {
        const s = await mailboxState(mailbox.id);
        return s.lastError ? s : undefined;
      }, 20_000);
      expect(state.lastError).toMatch(/Login refused by the server: Authentication failed/);
      expect(state.lastError).not.toContain(MAILBOX_PASSWORD);
      const metrics = await http(worker).get('/metrics').expect(200);
      expect(metrics.text).toContain(`mailbox_connection_failures_total{mailbox="${mailbox.id}"}`);
      dovecot.setPassword(MAILBOX_USER, MAILBOX_PASSWORD);
      await stop(worker);
    });

    it('opens a new ticket for a mail whose subject tag is no PID (month 00), importing it at once', async () => {
      worker = await start();
      const title = `[TKT-202600-000001] printer ${unique()}`;
      await deliver({ from: requester.email, subject: `Re: ${title}`, text: 'The printer jams.' });
      const [ticket] = await eventually(async () => {
        const rows = await ticketsTitled(title);
        return rows.length > 0 ? rows : undefined;
      }, 20_000);
      expect(ticket.department_id).toBe(dept.id);
      expect(
        await sql('SELECT 1 FROM mailbox_failures WHERE subject LIKE $1', ['%TKT-202600-000001%']),
      ).toEqual([]);
      await stop(worker);
    });
  });

  describe('a server without IDLE', () => {
    let plain: TestDovecot;
    beforeAll(async () => {
      plain = await new TestDovecot({ [MAILBOX_USER]: MAILBOX_PASSWORD }, { idle: false }).start();
    });
    afterAll(() => plain?.stop());

    it('is polled every MAILBOX_POLL_SECONDS instead', async () => {
      const capabilities = await imap(
        (c) => Promise.resolve([...c.capabilities.keys()]),
        MAILBOX_PASSWORD,
        plain.port,
      );
      expect(capabilities).not.toContain('IDLE');
      const other = await makeDepartment();
      expect((await patch(admin, `/admin/mailboxes/${mailbox.id}`, { active: false })).status).toBe(200);
      const created = await addMailbox({ name: 'Polled', port: plain.port, departmentId: other.id });
      expect(created.status).toBe(201);
      const worker = await start();
      // the first pass finds nothing; the mail comes after, and only a later look can find it
      await eventually(
        async () => ((await mailboxState(created.body.data.id)).lastSyncAt ? true : undefined),
        20_000,
      );
      await deliver({ from: requester.email, subject: 'Polled mail', text: 'found by polling' }, plain.port);
      const [ticket] = await eventually(async () => {
        const rows = await ticketsTitled('Polled mail');
        return rows.length > 0 ? rows : undefined;
      }, 20_000);
      expect(ticket.department_id).toBe(other.id);
      await stop(worker);
    });
  });
});
