import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ParsedMail } from 'mailparser';
import { startTestApp } from './support/app';
import { ELF, PNG } from './support/files';
import { makeDepartment, makeUser, sql, TestUser, unique } from './support/factories';
import { bearer, login } from './support/http';
import { Mailing, startMailing } from './support/mailing';
import { recipientOf } from './support/smtp';
import { eventually } from './support/webhook-receiver';
import { testApi } from './support/api';
import { inboundMail } from './support/inbound-mail';

jest.setTimeout(90_000);

const INBOUND_SECRET = 'inbound-secret-for-guest-tests';
const SETUP_URL = 'https://help.example.test/set-password';

const filesIn = (dir: string): string[] => {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)],
    );
  return walk(dir);
};

describe('guest tickets (e2e)', () => {
  let mailing: Mailing;
  let app: NestFastifyApplication;
  let storageDir: string;
  let env: Record<string, string>;
  const extraApps: NestFastifyApplication[] = [];
  const { http } = testApi(() => app);
  const inbound = inboundMail(() => app, INBOUND_SECRET);

  let dept: { id: string };
  let agent: TestUser;

  const submit = (body: Record<string, unknown>, on = app) =>
    http(on).post('/api/v1/public/tickets').send(body);
  const guestBody = (over: Record<string, unknown> = {}) => ({
    email: `${unique('guest')}@example.test`,
    fullName: 'Sam Guest',
    title: 'Cannot open the invoice',
    description: 'The link in your mail gives an error.',
    departmentId: dept.id,
    ...over,
  });
  const mailTo = (email: string, match: (m: ParsedMail) => boolean) =>
    mailing.smtp.waitFor((m) => recipientOf(m) === email.toLowerCase() && match(m), 20_000);
  const ticketByPid = async (pid: string) =>
    (
      await sql<{ id: string; requester_id: string; title: string; description: string; status: string }>(
        'SELECT id, requester_id, title, description, status FROM tickets WHERE pid = $1',
        [pid],
      )
    )[0];
  const counts = async () =>
    (
      await sql<{ users: number; tickets: number; attachments: number }>(
        `SELECT (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM tickets) AS tickets,
                (SELECT count(*)::int FROM ticket_attachments) AS attachments`,
      )
    )[0];
  const appWith = async (over: Record<string, string>) => {
    const other = await startTestApp({
      env: { ...env, REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}guest-${unique()}:`, ...over },
    });
    extraApps.push(other);
    return other;
  };

  beforeAll(async () => {
    mailing = await startMailing('guest');
    storageDir = mkdtempSync(join(tmpdir(), 'helpdesk-guest-'));
    env = {
      ...mailing.env,
      INBOUND_EMAIL_SECRET: INBOUND_SECRET,
      STORAGE_DIR: storageDir,
      PASSWORD_SETUP_URL: SETUP_URL,
    };
    app = await startTestApp({ withWorker: true, env });
    dept = await makeDepartment();
    agent = await makeUser({ role: 'AGENT', departmentId: dept.id, fullName: 'Alex Agent' });
  });
  afterAll(async () => {
    for (const other of extraApps) await other.close();
    await app?.close();
    await mailing?.stop();
  });

  it('files a ticket for a new address, mails the PID and a single-use set-password link that works', async () => {
    const body = guestBody();
    const res = await submit(body);
    expect(res.status).toBe(202);
    expect(Object.keys(res.body.data)).toEqual(['pid']);
    const ticket = await ticketByPid(res.body.data.pid);
    expect(ticket).toMatchObject({ title: body.title, description: body.description, status: 'OPEN' });
    const [account] = await sql<{ id: string; role: string; full_name: string }>(
      'SELECT id, role, full_name FROM users WHERE email = $1',
      [body.email],
    );
    expect(account).toMatchObject({ id: ticket.requester_id, role: 'END_USER', full_name: 'Sam Guest' });

    const mail = await mailTo(body.email, (m) => (m.subject ?? '').includes(res.body.data.pid));
    expect(mail.subject).toBe(`[${res.body.data.pid}] Ticket received: ${body.title}`);
    const token = new RegExp(`${SETUP_URL}\\?token=([A-Za-z0-9_-]+)`).exec(mail.text ?? '')?.[1];
    expect(token).toBeDefined();
    // only its hash is stored, and the stored event forgets it once mailed
    const [stored] = await sql<{ token_hash: string }>(
      'SELECT token_hash FROM password_reset_tokens WHERE user_id = $1',
      [account.id],
    );
    expect(stored.token_hash).toBe(createHash('sha256').update(token!).digest('hex'));
    await eventually(
      async () =>
        (
          await sql(
            `SELECT 1 FROM outbox_events WHERE type = 'guest.ticket_submitted' AND payload::text LIKE $1`,
            [`%${token}%`],
          )
        ).length === 0,
      15_000,
      'the token to leave the stored event',
    );

    // a password cannot be guessed before it is set; the link sets it once
    await http()
      .post('/api/v1/auth/login')
      .send({ email: body.email, password: 'anything-at-all' })
      .expect(401);
    await http()
      .post('/api/v1/auth/password/reset')
      .send({ token, newPassword: 'guest-password-123' })
      .expect(204);
    await http()
      .post('/api/v1/auth/password/reset')
      .send({ token, newPassword: 'other-password-456' })
      .expect(400);
    const session = await login(app, body.email, 'guest-password-123');
    const mine = await http()
      .get(`/api/v1/tickets/${res.body.data.pid}`)
      .set(...bearer(session))
      .expect(200);
    expect(mine.body.data.requesterId).toBe(account.id);
  });

  it('answers the same whatever the email, reusing the account an address already has', async () => {
    const existing = await makeUser({ fullName: 'Known Customer' });
    const before = await counts();
    const res = await submit(guestBody({ email: existing.email.toUpperCase(), fullName: 'Somebody Else' }));
    expect(res.status).toBe(202);
    expect(Object.keys(res.body.data)).toEqual(['pid']);
    expect((await ticketByPid(res.body.data.pid)).requester_id).toBe(existing.id);
    const after = await counts();
    expect(after.users).toBe(before.users);
    const [user] = await sql<{ full_name: string }>('SELECT full_name FROM users WHERE id = $1', [
      existing.id,
    ]);
    expect(user.full_name).toBe('Known Customer');
    // the owner is told, without a link to set a password they already have
    const mail = await mailTo(existing.email, (m) => (m.subject ?? '').includes(res.body.data.pid));
    expect(mail.text).not.toContain('token=');
    expect(await sql('SELECT 1 FROM password_reset_tokens WHERE user_id = $1', [existing.id])).toHaveLength(
      0,
    );
  });

  it('files nothing for the address of a staff member, an ADMIN or a deactivated account, yet answers alike', async () => {
    const admin = await makeUser({ role: 'ADMIN' });
    const gone = await makeUser({ fullName: 'Former Customer' });
    await sql('UPDATE users SET is_active = false WHERE id = $1', [gone.id]);
    const before = await counts();
    const pids: string[] = [];
    for (const email of [agent.email, admin.email.toUpperCase(), gone.email]) {
      const res = await submit(guestBody({ email }));
      expect(res.status).toBe(202);
      expect(Object.keys(res.body.data)).toEqual(['pid']);
      expect(res.body.data.pid).toMatch(/^TKT-\d{6}-\d{6,}$/);
      expect(await ticketByPid(res.body.data.pid)).toBeUndefined();
      pids.push(res.body.data.pid);
    }
    expect(await counts()).toEqual(before);
    // a department that is not an active one is refused as for any address
    const bad = await submit(guestBody({ email: agent.email, departmentId: randomUUID() }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ field: 'departmentId' })]);
    // the PIDs come from the ticket sequence: the next filed ticket follows them
    const fresh = guestBody();
    const filed = await submit(fresh).expect(202);
    expect(filed.body.data.pid > pids[2]).toBe(true);
    expect(new Set(pids).size).toBe(3);
    // a filed ticket's confirmation is mailed; the refused ones mailed nothing
    await mailTo(fresh.email, (m) => (m.subject ?? '').includes(filed.body.data.pid));
    await new Promise((r) => setTimeout(r, 500));
    for (const email of [agent.email, admin.email, gone.email])
      expect(mailing.smtp.mails.filter((m) => recipientOf(m) === email.toLowerCase())).toEqual([]);
  });

  it('keeps HTML and script as text, and escapes it in the mail', async () => {
    const body = guestBody({
      title: '<script>alert("t")</script>',
      description: '<img src=x onerror=alert(1)> & more',
    });
    const res = await submit(body).expect(202);
    const ticket = await ticketByPid(res.body.data.pid);
    expect(ticket.title).toBe('<script>alert("t")</script>');
    expect(ticket.description).toBe('<img src=x onerror=alert(1)> & more');
    const mail = await mailTo(body.email, (m) => (m.subject ?? '').includes(res.body.data.pid));
    expect(String(mail.html)).toContain('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;');
    expect(String(mail.html)).not.toContain('<script>');
  });

  it('takes files through multipart with the upload rules, and keeps nothing of a refused submission', async () => {
    const body = guestBody();
    const multipart = (files: Array<[Buffer, string]>, fields: Record<string, string> = body) => {
      const req = http().post('/api/v1/public/tickets');
      for (const [k, v] of Object.entries(fields)) void req.field(k, v);
      for (const [content, filename] of files) void req.attach('file', content, { filename });
      return req;
    };
    const ok = await multipart([
      [PNG, 'screen.png'],
      [Buffer.from('line one\n'), 'log.txt'],
    ]);
    expect(ok.status).toBe(202);
    const ticket = await ticketByPid(ok.body.data.pid);
    const attachments = await sql<{ filename: string; content_type: string; uploader_id: string }>(
      'SELECT filename, content_type, uploader_id FROM ticket_attachments WHERE ticket_id = $1 ORDER BY filename',
      [ticket.id],
    );
    expect(attachments).toEqual([
      { filename: 'log.txt', content_type: 'text/plain', uploader_id: ticket.requester_id },
      { filename: 'screen.png', content_type: 'image/png', uploader_id: ticket.requester_id },
    ]);

    const before = { ...(await counts()), files: filesIn(storageDir).length };
    const late = await multipart([[PNG, 'fine.png']]).field('note', 'a field after the files');
    expect(late.status).toBe(400);
    expect(late.body.error.details[0].field).toBe('note');
    const refused = await multipart([
      [PNG, 'fine.png'],
      [ELF, 'innocent.png'],
    ]);
    expect(refused.status).toBe(415);
    const tooBig = await appWith({ ATTACHMENT_MAX_BYTES: '1000' });
    const big = await http(tooBig)
      .post('/api/v1/public/tickets')
      .field({ ...guestBody() })
      .attach('file', Buffer.concat([PNG, Buffer.alloc(5000, 7)]), { filename: 'big.png' });
    expect(big.status).toBe(413);
    const badField = await multipart([[PNG, 'a.png']], { ...body, title: 'ab' });
    expect(badField.status).toBe(400);
    expect(badField.body.error.details[0].field).toBe('title');
    expect({ ...(await counts()), files: filesIn(storageDir).length }).toEqual(before);
  });

  it('takes a file over 1 MiB and under ATTACHMENT_MAX_BYTES, as attachment uploads do; one over it is a 413', async () => {
    const MiB = 1024 * 1024;
    const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(size - 9, 0x20)]);
    const upload = (on: NestFastifyApplication, file: Buffer) =>
      http(on)
        .post('/api/v1/public/tickets')
        .field({ ...guestBody() })
        .attach('file', file, { filename: 'report.pdf', contentType: 'application/pdf' });

    // the default limit (10 MiB)
    const ok = await upload(app, pdf(2 * MiB));
    expect(ok.status).toBe(202);
    const ticket = await ticketByPid(ok.body.data.pid);
    const stored = await sql<{ size_bytes: string; content_type: string }>(
      'SELECT size_bytes::text, content_type FROM ticket_attachments WHERE ticket_id = $1',
      [ticket.id],
    );
    expect(stored).toEqual([{ size_bytes: String(2 * MiB), content_type: 'application/pdf' }]);

    // a configured limit: up to it is fine, a byte over is 413 and leaves nothing behind
    const limited = await appWith({ ATTACHMENT_MAX_BYTES: String(3 * MiB) });
    expect((await upload(limited, pdf(3 * MiB))).status).toBe(202);
    const before = { ...(await counts()), files: filesIn(storageDir).length };
    const over = await upload(limited, pdf(3 * MiB + 1));
    expect(over.status).toBe(413);
    expect(over.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect({ ...(await counts()), files: filesIn(storageDir).length }).toEqual(before);
  });

  it('answers malformed multipart (no boundary, no closing boundary) with 400 and files nothing', async () => {
    const fields = guestBody();
    const head = Object.entries(fields)
      .map(([k, v]) => `--xyz\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('');
    const file = Buffer.concat([
      Buffer.from(
        `${head}--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n` +
          'Content-Type: image/png\r\n\r\n',
      ),
      PNG,
      Buffer.alloc(300_000, 7), // several chunks: the cut is found while the file is being stored
    ]);
    const before = { ...(await counts()), files: filesIn(storageDir).length };
    for (const [type, body] of [
      ['multipart/form-data', file],
      ['multipart/form-data; boundary=xyz', file],
      ['multipart/form-data; boundary=xyz', Buffer.from(`${head}--xyz\r\nContent-Disposition: form-da`)],
    ] as const) {
      const res = await http().post('/api/v1/public/tickets').set('Content-Type', type).send(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
    }
    expect({ ...(await counts()), files: filesIn(storageDir).length }).toEqual(before);
  });

  it.each([
    ['no email', { email: undefined }, 'email'],
    ['a bad email', { email: 'not-an-email' }, 'email'],
    ['a short title', { title: 'ab' }, 'title'],
    ['no description', { description: '' }, 'description'],
    ['a malformed department', { departmentId: 'sales' }, 'departmentId'],
    ['an unknown department', { departmentId: '00000000-0000-4000-8000-000000000000' }, 'departmentId'],
    ['an unknown property', { role: 'ADMIN' }, 'role'],
  ])('refuses %s with 400 naming the field, filing nothing', async (_label, over, field) => {
    const before = await counts();
    const res = await submit(guestBody(over));
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it('gets an agent’s answer to the guest by SMTP, and the guest’s mailed reply back onto the same ticket', async () => {
    const body = guestBody({ email: `${unique('roundtrip')}@example.test` });
    const res = await submit(body).expect(202);
    const pid = res.body.data.pid as string;
    const ticket = await ticketByPid(pid);
    const agentSession = await login(app, agent.email, agent.password);
    await http()
      .post(`/api/v1/tickets/${ticket.id}/messages`)
      .set(...bearer(agentSession))
      .send({ body: 'Could you send the invoice number?' })
      .expect(201);
    await http()
      .post(`/api/v1/tickets/${ticket.id}/status`)
      .set(...bearer(agentSession))
      .send({ status: 'PENDING_USER' })
      .expect(200);
    const answer = await mailTo(body.email, (m) => (m.subject ?? '').startsWith(`[${pid}] New reply`));
    expect(answer.text).toContain('Could you send the invoice number?');

    const mailed = await inbound.mail({
      from: `Sam Guest <${body.email}>`,
      to: 'desk@example.test',
      subject: `Re: ${answer.subject}`,
      inReplyTo: answer.messageId,
      references: [answer.messageId!],
      text: 'It is INV-2026-0042.\n\nOn Monday, Helpdesk wrote:\n> Could you send the invoice number?',
    });
    expect(mailed.status).toBe(200);
    expect(mailed.body.data).toMatchObject({ status: 'reply_added', ticketId: ticket.id, pid });
    const messages = await sql<{ body: string; author_id: string; source: string }>(
      'SELECT body, author_id, source FROM ticket_messages WHERE ticket_id = $1 ORDER BY created_at',
      [ticket.id],
    );
    expect(messages[1]).toMatchObject({ author_id: ticket.requester_id, source: 'email' });
    expect(messages[1].body).toContain('INV-2026-0042');
    // the guest's answer puts the ticket back in progress, as a reply through the API would
    expect((await ticketByPid(pid)).status).toBe('IN_PROGRESS');
  });

  it('throttles per IP, with Retry-After and RateLimit headers', async () => {
    const limited = await appWith({ RATE_LIMIT_GUEST_PER_IP: '2' });
    const first = await submit(guestBody(), limited).expect(202);
    expect(first.headers['ratelimit-limit']).toBe('2');
    expect(first.headers['ratelimit-remaining']).toBe('1');
    await submit(guestBody(), limited).expect(202);
    const before = await counts();
    const third = await submit(guestBody(), limited);
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('RATE_LIMITED');
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    // invalid submissions count too: flooding with garbage is flooding
    expect((await submit({}, limited)).status).toBe(429);
    expect(await counts()).toEqual(before);
  });

  it('throttles per email, whichever IP they come from', async () => {
    const limited = await appWith({ RATE_LIMIT_GUEST_PER_EMAIL: '2' });
    const email = `${unique('flood')}@example.test`;
    await submit(guestBody({ email }), limited).expect(202);
    await submit(guestBody({ email: email.toUpperCase() }), limited).expect(202);
    const third = await submit(guestBody({ email }), limited);
    expect(third.status).toBe(429);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    await submit(guestBody(), limited).expect(202);
  });

  it('is a 404 like any unknown route when ALLOW_GUEST_TICKETS=false', async () => {
    const closed = await appWith({ ALLOW_GUEST_TICKETS: 'false' });
    const before = await counts();
    const res = await submit(guestBody(), closed);
    expect(res.status).toBe(404);
    const unknown = await http(closed).post('/api/v1/public/nothing-here').send({});
    expect(res.body.error).toEqual(unknown.body.error);
    expect(await counts()).toEqual(before);
  });
});
