import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startTestApp } from './support/app';
import { makeUser, unique } from './support/factories';
import { login } from './support/http';

/** Each app counts in its own Redis key space, so limits here never meet other tests' requests. */
const ownPrefix = () => `${process.env.REDIS_KEY_PREFIX}${unique('rl')}:`;

type Inject = {
  method?: 'GET' | 'POST';
  url: string;
  ip: string;
  token?: string;
  headers?: Record<string, string>;
  payload?: string;
};

const send = (app: NestFastifyApplication, r: Inject) =>
  app.inject({
    method: r.method ?? 'GET',
    url: r.url,
    remoteAddress: r.ip,
    headers: { ...(r.token ? { authorization: `Bearer ${r.token}` } : {}), ...(r.headers ?? {}) },
    payload: r.payload,
  });

describe('rate limits before authentication (e2e)', () => {
  describe('with the documented default (RATE_LIMIT_ANONYMOUS_PER_IP unset)', () => {
    let app: NestFastifyApplication;
    beforeAll(async () => {
      app = await startTestApp({
        env: { REDIS_KEY_PREFIX: ownPrefix() },
        unset: ['RATE_LIMIT_ANONYMOUS_PER_IP'],
      });
    });
    afterAll(async () => {
      await app?.close();
    });

    it('meets 429 within 2,000 bad-token requests from one IP, before the token is checked', async () => {
      const ip = '198.51.100.7';
      let first429 = 0;
      for (let i = 1; i <= 2000 && first429 === 0; i++) {
        const res = await send(app, { url: '/api/v1/tickets', ip, token: `not-a-token-${i}` });
        if (res.statusCode === 429) first429 = i;
        else expect(res.statusCode).toBe(401);
      }
      expect(first429).toBe(301); // the default: 300 a minute

      const refused = await send(app, { url: '/api/v1/auth/me', ip, token: 'still-not-a-token' });
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ success: false, error: { code: 'RATE_LIMITED' } });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.headers['ratelimit-remaining']).toBe('0');

      // refused before the body is read: a body nested far too deep would otherwise be a 400
      const deep = await send(app, {
        method: 'POST',
        url: '/api/v1/tickets',
        ip,
        token: 'x',
        headers: { 'content-type': 'application/json' },
        payload: `{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
      });
      expect(deep.statusCode).toBe(429);

      // another address is not affected, and probes are never limited
      expect((await send(app, { url: '/api/v1/auth/me', ip: '198.51.100.8', token: 'x' })).statusCode).toBe(
        401,
      );
      expect((await send(app, { url: '/health/live', ip })).statusCode).toBe(200);
    });
  });

  describe('with a small limit', () => {
    let app: NestFastifyApplication;
    const LIMIT = 5;
    beforeAll(async () => {
      app = await startTestApp({
        env: {
          REDIS_KEY_PREFIX: ownPrefix(),
          RATE_LIMIT_ANONYMOUS_PER_IP: String(LIMIT),
          INBOUND_EMAIL_SECRET: 'the-right-inbound-secret-0123456789',
        },
      });
    });
    afterAll(async () => {
      await app?.close();
    });

    it('counts requests without credentials per IP, on any route, known or not', async () => {
      const ip = '203.0.113.10';
      const statuses: number[] = [];
      for (let i = 0; i < LIMIT + 1; i++)
        statuses.push((await send(app, { url: `/api/v1/no-such-route-${i}`, ip })).statusCode);
      expect(statuses).toEqual([...Array(LIMIT).fill(404), 429]);
      const login = await send(app, {
        method: 'POST',
        url: '/api/v1/auth/login',
        ip,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ email: 'a@example.test', password: 'whatever-it-is' }),
      });
      expect(login.statusCode).toBe(429);
    });

    it('never counts authenticated requests, and counts failed ones', async () => {
      const ip = '203.0.113.11';
      const user = await makeUser();
      const { accessToken } = await login(app, user.email, user.password); // from 127.0.0.1
      for (let i = 0; i < LIMIT * 3; i++)
        expect((await send(app, { url: '/api/v1/auth/me', ip, token: accessToken })).statusCode).toBe(200);
      for (let i = 0; i < LIMIT; i++)
        expect((await send(app, { url: '/api/v1/auth/me', ip, token: 'forged' })).statusCode).toBe(401);
      // the IP spent its budget on failures: now nothing from it is checked, a good token included
      expect((await send(app, { url: '/api/v1/auth/me', ip, token: 'forged' })).statusCode).toBe(429);
      expect((await send(app, { url: '/api/v1/auth/me', ip, token: accessToken })).statusCode).toBe(429);
    });

    it('counts a wrong inbound mail secret as a failed authentication', async () => {
      const ip = '203.0.113.12';
      const post = () =>
        send(app, {
          method: 'POST',
          url: '/api/v1/inbound/email',
          ip,
          headers: { 'content-type': 'message/rfc822', 'x-inbound-secret': 'wrong-secret-wrong-secret' },
          payload: 'Subject: hi\r\n\r\nbody',
        });
      const statuses: number[] = [];
      for (let i = 0; i < LIMIT + 1; i++) statuses.push((await post()).statusCode);
      expect(statuses).toEqual([...Array(LIMIT).fill(401), 429]);
    });

    it('leaves health probes and metrics scrapes without credentials alone', async () => {
      const ip = '203.0.113.13';
      for (let i = 0; i < LIMIT * 2; i++) {
        expect((await send(app, { url: '/health/live', ip })).statusCode).toBe(200);
        expect((await send(app, { url: '/metrics', ip })).statusCode).toBe(200);
      }
      expect((await send(app, { url: '/api/v1/no-such-route', ip })).statusCode).toBe(404);
    });
  });
});
