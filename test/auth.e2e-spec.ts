import { createHash, createHmac, randomBytes } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { PasswordResetService } from '../src/modules/auth/password-reset.service';
import { startTestApp } from './support/app';
import { makeDepartment, makeUser, sql, unique } from './support/factories';
import { bearer, login, Session } from './support/http';
import { recipientOf, TestSmtpServer } from './support/smtp';
import { eventually } from './support/webhook-receiver';

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('auth (e2e)', () => {
  let app: NestFastifyApplication;
  let smtp: TestSmtpServer;
  const http = () => request(app.getHttpServer());
  const me = (token: Session | string) =>
    http()
      .get('/api/v1/auth/me')
      .set(...bearer(token));
  const refresh = (refreshToken: string) => http().post('/api/v1/auth/refresh').send({ refreshToken });
  /** POST /auth/`path` with `token`'s bearer header */
  const authPost = (path: string, token: Session | string, body: object = {}) =>
    http()
      .post(`/api/v1/auth/${path}`)
      .set(...bearer(token))
      .send(body);
  const loginAs = (email: string, password: string) =>
    http().post('/api/v1/auth/login').send({ email, password });
  /** The session's access token answers /auth/me, and its refresh token refreshes, both with `status`. */
  const expectSession = async (s: Session, status: 200 | 401) => {
    await me(s).expect(status);
    await refresh(s.refreshToken).expect(status);
  };

  beforeAll(async () => {
    smtp = await new TestSmtpServer().start();
    app = await startTestApp({
      withWorker: true,
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'Helpdesk <desk@example.test>' },
    });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.stop();
  });

  describe('register', () => {
    it('creates an END_USER and never returns the hash', async () => {
      const email = `${unique('Reg')}@Example.test`;
      const res = await http()
        .post('/api/v1/auth/register')
        .send({ email, password: 'a-good-password', fullName: 'Ada Lovelace' })
        .expect(201);
      expect(res.body.data).toMatchObject({
        email: email.toLowerCase(),
        role: 'END_USER',
        fullName: 'Ada Lovelace',
      });
      expect(JSON.stringify(res.body)).not.toMatch(/password|hash|generation/i);
      const [row] = await sql<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [
        res.body.data.id,
      ]);
      expect(row.password_hash).toMatch(/^\$2[aby]\$/);
    });

    it('answers 409 on a taken email, whatever its case', async () => {
      const email = `${unique('dup')}@example.test`;
      await http()
        .post('/api/v1/auth/register')
        .send({ email, password: 'a-good-password', fullName: 'A' })
        .expect(201);
      const res = await http()
        .post('/api/v1/auth/register')
        .send({ email: email.toUpperCase(), password: 'a-good-password', fullName: 'B' })
        .expect(409);
      expect(res.body.error.code).toBe('CONFLICT');
    });

    it('refuses mass assignment of role with 400', async () => {
      const res = await http()
        .post('/api/v1/auth/register')
        .send({
          email: `${unique('ma')}@example.test`,
          password: 'a-good-password',
          fullName: 'M',
          role: 'ADMIN',
        })
        .expect(400);
      expect(res.body.error.details).toEqual([{ field: 'role', message: expect.any(String) }]);
    });

    it.each([
      ['too short', 'short'],
      ['over 72 bytes', '€'.repeat(25)],
    ])('refuses a password %s', async (_label, password) => {
      const res = await http()
        .post('/api/v1/auth/register')
        .send({ email: `${unique('pw')}@example.test`, password, fullName: 'P' })
        .expect(400);
      expect(res.body.error.details[0].field).toBe('password');
    });
  });

  describe('login and bearer tokens', () => {
    it('logs in and answers /auth/me with role and staff department', async () => {
      const dept = await makeDepartment();
      const agent = await makeUser({ role: 'AGENT', departmentId: dept.id });
      const res = await loginAs(agent.email.toUpperCase(), agent.password).expect(200);
      expect(res.body.data).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
      expect(res.body.data.user).toMatchObject({ id: agent.id, role: 'AGENT', departmentId: dept.id });
      expect(res.headers['ratelimit-limit']).toBeDefined();
      expect(res.headers['ratelimit-remaining']).toBeDefined();
      expect(res.headers['ratelimit-reset']).toBeDefined();
      const claims = JSON.parse(Buffer.from(res.body.data.accessToken.split('.')[1], 'base64url').toString());
      expect(claims).toMatchObject({
        sub: agent.id,
        role: 'AGENT',
        iss: 'helpdesk-api',
        aud: 'helpdesk-api',
      });
      expect(claims.jti).toEqual(expect.any(String));
      expect(claims.exp - claims.iat).toBe(900);
      const profile = await me(res.body.data.accessToken).expect(200);
      expect(profile.body.data).toMatchObject({
        id: agent.id,
        role: 'AGENT',
        departmentId: dept.id,
        teamId: null,
      });
    });

    it('fails unknown email and wrong password with the same 401', async () => {
      const user = await makeUser();
      const wrong = await loginAs(user.email, 'not-the-password');
      const unknown = await loginAs(`${unique('nobody')}@example.test`, 'not-the-password');
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body.error).toEqual(unknown.body.error);
      expect(wrong.body.error).toEqual({ code: 'UNAUTHENTICATED', message: 'Invalid email or password' });
    });

    it('answers a login without a password with 400 naming the field', async () => {
      const res = await http().post('/api/v1/auth/login').send({ email: 'a@example.test' }).expect(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain('password');
    });

    it('refuses a deactivated user', async () => {
      const user = await makeUser();
      await sql('UPDATE users SET is_active = false WHERE id = $1', [user.id]);
      await loginAs(user.email, user.password).expect(401);
    });

    it('refuses requests without a token, with a garbage token, or with forged tokens', async () => {
      await http().get('/api/v1/auth/me').expect(401);
      await http().get('/api/v1/auth/me').set('Authorization', 'Bearer nonsense').expect(401);
      const user = await makeUser();
      const session = await login(app, user.email, user.password);
      const [, payload] = session.accessToken.split('.');
      const none = `${b64url({ alg: 'none', typ: 'JWT' })}.${payload}.`;
      await me(none).expect(401);
      const header = b64url({ alg: 'HS256', typ: 'JWT' });
      const forged = createHmac('sha256', 'some-other-secret-some-other-secret').update(
        `${header}.${payload}`,
      );
      await me(`${header}.${payload}.${forged.digest('base64url')}`).expect(401);
      const res = await me(session).expect(200);
      expect(res.body.data.id).toBe(user.id);
    });
  });

  describe('refresh tokens', () => {
    it('rotates: each refresh token works once and returns a new pair', async () => {
      const user = await makeUser();
      const first = await login(app, user.email, user.password);
      const res = await refresh(first.refreshToken).expect(200);
      expect(res.body.data.refreshToken).not.toBe(first.refreshToken);
      await me(res.body.data.accessToken).expect(200);
      const [row] = await sql<{ n: string }>(
        'SELECT count(*) AS n FROM refresh_tokens WHERE token_hash = $1',
        [first.refreshToken],
      );
      expect(row.n).toBe('0'); // only the hash is stored
    });

    it('kills the whole family when a used refresh token comes back', async () => {
      const user = await makeUser();
      const first = await login(app, user.email, user.password);
      const second = await refresh(first.refreshToken).expect(200);
      const replay = await refresh(first.refreshToken).expect(401);
      expect(replay.body.error.code).toBe('UNAUTHENTICATED');
      // the legitimate successor is dead too
      await refresh(second.body.data.refreshToken).expect(401);
    });

    it("ends the family's access tokens at once when a used refresh token comes back", async () => {
      const user = await makeUser();
      const first = await login(app, user.email, user.password);
      const second = await refresh(first.refreshToken).expect(200);
      const successor = second.body.data.accessToken as string;
      await me(successor).expect(200);
      const other = await login(app, user.email, user.password);

      await refresh(first.refreshToken).expect(401);
      for (const token of [first.accessToken, successor]) {
        const res = await me(token).expect(401);
        expect(res.body.error.code).toBe('UNAUTHENTICATED');
      }
      // another session of the same user is another family: it goes on
      await me(other).expect(200);
    });

    it('lets only one of two simultaneous refreshes of one token win', async () => {
      const user = await makeUser();
      const s = await login(app, user.email, user.password);
      const results = await Promise.all([refresh(s.refreshToken), refresh(s.refreshToken)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    });

    it('refuses an unknown refresh token', async () => {
      await refresh('made-up').expect(401);
    });
  });

  describe('logout', () => {
    it('stops the access token at once and revokes the refresh family', async () => {
      const user = await makeUser();
      const s = await login(app, user.email, user.password);
      await authPost('logout', s).expect(204);
      await expectSession(s, 401);
    });

    it('ends every access token of the session, also those issued before the last refresh', async () => {
      const user = await makeUser();
      const s = await login(app, user.email, user.password);
      const refreshed = await refresh(s.refreshToken).expect(200);
      await authPost('logout', refreshed.body.data.accessToken).expect(204);
      await me(s).expect(401);
    });

    it('leaves the user’s other sessions alone', async () => {
      const user = await makeUser();
      const a = await login(app, user.email, user.password);
      const b = await login(app, user.email, user.password);
      await authPost('logout', a, { refreshToken: a.refreshToken }).expect(204);
      await expectSession(b, 200);
    });
  });

  describe('password change', () => {
    it('ends the other sessions, keeps this one, and swaps the password', async () => {
      const user = await makeUser();
      const mine = await login(app, user.email, user.password);
      const other = await login(app, user.email, user.password);
      await authPost('password/change', mine, {
        currentPassword: user.password,
        newPassword: 'brand-new-password',
      }).expect(204);
      await expectSession(other, 401);
      await expectSession(mine, 200);
      await loginAs(user.email, user.password).expect(401);
      await login(app, user.email, 'brand-new-password');
    });

    it('refuses a wrong current password with 400', async () => {
      const user = await makeUser();
      const s = await login(app, user.email, user.password);
      const res = await authPost('password/change', s, {
        currentPassword: 'not-my-password',
        newPassword: 'brand-new-password',
      }).expect(400);
      expect(res.body.error.details[0].field).toBe('currentPassword');
    });
  });

  describe('password reset', () => {
    it('mails a single-use token that resets the password and ends every session', async () => {
      const user = await makeUser();
      const before = await login(app, user.email, user.password);
      await http().post('/api/v1/auth/password/forgot').send({ email: user.email }).expect(202);
      const mail = await smtp.waitFor((m) => recipientOf(m) === user.email);
      const token = /token=([A-Za-z0-9_-]+)/.exec(mail.text ?? '')?.[1];
      expect(token).toBeDefined();
      expect(token).toHaveLength(43); // 32 random bytes, base64url
      const [stored] = await sql<{ token_hash: string }>(
        'SELECT token_hash FROM password_reset_tokens WHERE user_id = $1',
        [user.id],
      );
      expect(stored.token_hash).not.toBe(token);

      await http()
        .post('/api/v1/auth/password/reset')
        .send({ token, newPassword: 'a-reset-password' })
        .expect(204);
      const again = await http()
        .post('/api/v1/auth/password/reset')
        .send({ token, newPassword: 'another-password' })
        .expect(400);
      expect(again.body.error.code).toBe('VALIDATION_ERROR');

      await expectSession(before, 401);
      await loginAs(user.email, user.password).expect(401);
      await login(app, user.email, 'a-reset-password');
    });

    const mailedToken = (mail: { text?: string }): string => {
      const token = /token=([A-Za-z0-9_-]+)/.exec(mail.text ?? '')?.[1];
      if (!token) throw new Error('the mail carries no reset token');
      return token;
    };
    const resetWith = (token: string) =>
      http().post('/api/v1/auth/password/reset').send({ token, newPassword: 'a-reset-password' });

    it('voids the token mailed before when a new reset is requested', async () => {
      const user = await makeUser();
      await http().post('/api/v1/auth/password/forgot').send({ email: user.email }).expect(202);
      const firstMail = await smtp.waitFor((m) => recipientOf(m) === user.email);
      await http().post('/api/v1/auth/password/forgot').send({ email: user.email }).expect(202);
      const secondMail = await smtp.waitFor((m) => recipientOf(m) === user.email && m !== firstMail);
      const [older, newer] = [mailedToken(firstMail), mailedToken(secondMail)];
      expect(newer).not.toBe(older);

      const refused = await resetWith(older).expect(400);
      expect(refused.body.error).toMatchObject({
        code: 'VALIDATION_ERROR',
        details: [{ field: 'token', message: expect.any(String) }],
      });
      await resetWith(newer).expect(204);
      await login(app, user.email, 'a-reset-password');
    });

    it('voids every other outstanding token of the user when one is used', async () => {
      const user = await makeUser();
      await http().post('/api/v1/auth/password/forgot').send({ email: user.email }).expect(202);
      const mailed = mailedToken(await smtp.waitFor((m) => recipientOf(m) === user.email));
      // a second live token issued alongside (as a guest's set-password link would be)
      const other = randomBytes(32).toString('base64url');
      await sql(
        `INSERT INTO password_reset_tokens (user_id, token_hash, expires_at)
         VALUES ($1, $2, now() + interval '30 minutes')`,
        [user.id, createHash('sha256').update(other).digest('hex')],
      );
      await resetWith(other).expect(204);
      await resetWith(mailed).expect(400);
      const [row] = await sql<{ n: string }>(
        'SELECT count(*) AS n FROM password_reset_tokens WHERE user_id = $1 AND used_at IS NULL',
        [user.id],
      );
      expect(row.n).toBe('0');
    });

    it('voids outstanding reset tokens when the password is changed', async () => {
      const user = await makeUser();
      const session = await login(app, user.email, user.password);
      await http().post('/api/v1/auth/password/forgot').send({ email: user.email }).expect(202);
      const mailed = mailedToken(await smtp.waitFor((m) => recipientOf(m) === user.email));
      await authPost('password/change', session, {
        currentPassword: user.password,
        newPassword: 'brand-new-password',
      }).expect(204);
      await resetWith(mailed).expect(400);
      await login(app, user.email, 'brand-new-password');
    });

    it('answers 202 for an unknown address and sends nothing', async () => {
      const email = `${unique('ghost')}@example.test`;
      const res = await http().post('/api/v1/auth/password/forgot').send({ email }).expect(202);
      expect(res.body).toEqual({});
      await expect(smtp.waitFor((m) => recipientOf(m) === email, 1500)).rejects.toThrow('no matching mail');
    });

    it('refuses an unknown or expired token with 400', async () => {
      await http()
        .post('/api/v1/auth/password/reset')
        .send({ token: 'x'.repeat(43), newPassword: 'a-reset-password' })
        .expect(400);
    });
  });

  describe('rate limits', () => {
    it('answers the 11th failed login for one email with 429 and Retry-After', async () => {
      const user = await makeUser();
      for (let i = 0; i < 10; i++) {
        await loginAs(user.email, 'wrong-password').expect(401);
      }
      const res = await loginAs(user.email, user.password);
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('RATE_LIMITED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  describe('registering with RATE_LIMIT_LOGIN_FAILURES=2', () => {
    let limited: NestFastifyApplication;
    beforeAll(async () => {
      limited = await startTestApp({
        env: { RATE_LIMIT_LOGIN_FAILURES: '2', RATE_LIMIT_AUTH_PER_IP: '1000000' },
      });
    });
    afterAll(async () => {
      await limited?.close();
    });

    it('limits attempts per email too (429 with Retry-After), whatever the IP; other emails go on', async () => {
      const email = `reg-${Date.now()}@example.test`;
      const register = (address: string) =>
        request(limited.getHttpServer())
          .post('/api/v1/auth/register')
          .send({ email: address, password: 'Sup3r-secret-pass', fullName: 'Reg Limit' });
      expect((await register(email)).status).toBe(201);
      expect((await register(email.toUpperCase())).status).toBe(409);
      const third = await register(email);
      expect(third.status).toBe(429);
      expect(third.body.error.code).toBe('RATE_LIMITED');
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
      expect((await register(`other-${email}`)).status).toBe(201);
    });
  });

  describe('with RATE_LIMIT_FORGOT_PER_HOUR=2', () => {
    const PER_HOUR = 2;
    let limited: NestFastifyApplication;
    beforeAll(async () => {
      // no worker of its own: the suite's app relays the outbox and sends the mails; the per-IP limit stays out of
      // the way (every request comes from 127.0.0.1)
      limited = await startTestApp({
        env: { RATE_LIMIT_FORGOT_PER_HOUR: String(PER_HOUR), RATE_LIMIT_AUTH_PER_IP: '1000000' },
      });
    });
    afterAll(async () => {
      await limited?.close();
    });

    const forgot = (email: string) =>
      request(limited.getHttpServer()).post('/api/v1/auth/password/forgot').send({ email });
    const mailsTo = (email: string) => smtp.mails.filter((m) => recipientOf(m) === email).length;
    /** reset-mail events the requests for `userId` stored (each becomes one mail) */
    const resetEvents = async (userId: string) => {
      const [row] = await sql<{ n: string }>(
        `SELECT count(*) AS n FROM outbox_events WHERE aggregate_id = $1 AND type = 'auth.password_reset_requested'`,
        [userId],
      );
      return Number(row.n);
    };
    /** what a client can see of an answer, without what differs on every request anyway */
    const PER_REQUEST = ['date', 'x-request-id', 'ratelimit-remaining', 'ratelimit-reset'];
    const visible = (res: request.Response) => ({
      status: res.status,
      text: res.text,
      headers: Object.entries(res.headers as Record<string, string>)
        .filter(([name]) => !PER_REQUEST.includes(name))
        .sort(),
    });

    it('sends at most that many reset mails per email an hour and answers every further request 202 alike', async () => {
      const user = await makeUser();
      const other = await makeUser();
      const answers: request.Response[] = [];
      for (let i = 0; i < PER_HOUR + 2; i++) answers.push(await forgot(user.email));
      for (const res of answers) expect(res.status).toBe(202);
      // the requests over the limit cannot be told from those that mail
      for (const res of answers.slice(1)) expect(visible(res)).toEqual(visible(answers[0]));
      // the same address in another case is the same address
      expect((await forgot(user.email.toUpperCase())).status).toBe(202);
      // another address has its whole budget
      for (let i = 0; i < PER_HOUR; i++) await forgot(other.email).expect(202);

      await limited.get(PasswordResetService).drain();
      expect(await resetEvents(user.id)).toBe(PER_HOUR);
      expect(await resetEvents(other.id)).toBe(PER_HOUR);
      await eventually(
        () => mailsTo(user.email) >= PER_HOUR && mailsTo(other.email) >= PER_HOUR,
        15_000,
        'mails',
      );
      await new Promise((r) => setTimeout(r, 1000)); // nothing more follows
      expect(mailsTo(user.email)).toBe(PER_HOUR);
      expect(mailsTo(other.email)).toBe(PER_HOUR);
    });
  });

  describe('with tight limits and registration closed', () => {
    let limited: NestFastifyApplication;
    beforeAll(async () => {
      limited = await startTestApp({
        env: {
          RATE_LIMIT_AUTH_PER_IP: '3',
          RATE_LIMIT_API_PER_MINUTE: '2',
          ALLOW_SELF_REGISTRATION: 'false',
          REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}${unique('lim')}:`,
        },
      });
    });
    afterAll(async () => {
      await limited?.close();
    });

    it('refuses self-registration with 403', async () => {
      const res = await request(limited.getHttpServer())
        .post('/api/v1/auth/register')
        .send({ email: `${unique('closed')}@example.test`, password: 'a-good-password', fullName: 'C' })
        .expect(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    });

    it('limits auth requests per IP, across routes', async () => {
      const server = limited.getHttpServer();
      await request(server).post('/api/v1/auth/refresh').send({ refreshToken: 'x' }).expect(401);
      const third = await request(server)
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: 'x' })
        .expect(401);
      expect(third.headers['ratelimit-remaining']).toBe('0');
      const res = await request(server)
        .post('/api/v1/auth/login')
        .send({ email: 'a@example.test', password: 'x' });
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBeDefined();
    });

    it('limits other routes per user', async () => {
      const user = await makeUser();
      const token = (await login(app, user.email, user.password)).accessToken;
      const server = limited.getHttpServer();
      const first = await request(server)
        .get('/api/v1/auth/me')
        .set(...bearer(token))
        .expect(200);
      expect(first.headers['ratelimit-limit']).toBe('2');
      expect(first.headers['ratelimit-remaining']).toBe('1');
      await request(server)
        .get('/api/v1/auth/me')
        .set(...bearer(token))
        .expect(200);
      const res = await request(server)
        .get('/api/v1/auth/me')
        .set(...bearer(token));
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('RATE_LIMITED');
      // another user has a budget of their own
      const other = await makeUser();
      const otherToken = (await login(app, other.email, other.password)).accessToken;
      await request(server)
        .get('/api/v1/auth/me')
        .set(...bearer(otherToken))
        .expect(200);
    });
  });
});
