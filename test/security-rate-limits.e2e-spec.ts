import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { suiteApp } from './support/app';
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
    const app = suiteApp({
      env: { REDIS_KEY_PREFIX: ownPrefix() },
      unset: ['RATE_LIMIT_ANONYMOUS_PER_IP'],
    });

    it('meets 429 within 2,000 bad-token requests from one IP, before the token is checked', async () => {
      const ip = '198.51.100.7';
      let first429 = 0;
      for (let i = 1; i <= 2000 && first429 === 0; i++) {
        const res = await send(app(), { url: '/api/v1/tickets', ip, token: `not-a-token-${i}` });
        if (res.statusCode === 429) first429 = i;
        else expect(res.statusCode).toBe(401);
      }
      expect(first429).toBe(301); // the default: 300 a minute

      const refused = await send(app(), { url: '/api/v1/auth/me', ip, token: 'still-not-a-token' });
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ success: false, error: { code: 'RATE_LIMITED' } });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.headers['ratelimit-remaining']).toBe('0');

      // refused before the body is read: a body nested far too deep would otherwise be a 400
      const deep = await send(app(), {
        method: 'POST',
        url: '/api/v1/tickets',
        ip,
        token: 'x',
        headers: { 'content-type': 'application/json' },
        payload: `{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
      });
      expect(deep.statusCode).toBe(429);

      // another address is not affected, and probes are never limited
      expect((await send(app(), { url: '/api/v1/auth/me', ip: '198.51.100.8', token: 'x' })).statusCode).toBe(
        401,
      );
      expect((await send(app(), { url: '/health/live', ip })).statusCode).toBe(200);
    });
  });

  describe('with a small limit', () => {
    const LIMIT = 5;
    const app = suiteApp({
      env: {
        REDIS_KEY_PREFIX: ownPrefix(),
        RATE_LIMIT_ANONYMOUS_PER_IP: String(LIMIT),
        INBOUND_EMAIL_SECRET: 'the-right-inbound-secret-0123456789',
      },
    });

    it('counts requests without credentials per IP, on any route, known or not', async () => {
      const ip = '203.0.113.10';
      const answers = [];
      for (let i = 0; i < LIMIT + 1; i++)
        answers.push(await send(app(), { url: `/api/v1/no-such-route-${i}`, ip }));
      expect(answers.map((a) => a.statusCode)).toEqual([...Array(LIMIT).fill(404), 429]);
      expect(answers.map((a) => a.headers['ratelimit-remaining'])).toEqual(['4', '3', '2', '1', '0', '0']);
      expect(answers[0].headers['ratelimit-limit']).toBe(String(LIMIT));
      const login = await send(app(), {
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
      const { accessToken } = await login(app(), user.email, user.password); // from 127.0.0.1
      for (let i = 0; i < LIMIT * 3; i++)
        expect((await send(app(), { url: '/api/v1/auth/me', ip, token: accessToken })).statusCode).toBe(200);
      for (let i = 0; i < LIMIT; i++)
        expect((await send(app(), { url: '/api/v1/auth/me', ip, token: 'forged' })).statusCode).toBe(401);
      // the IP spent its budget on failures: now nothing from it is checked, a good token included
      expect((await send(app(), { url: '/api/v1/auth/me', ip, token: 'forged' })).statusCode).toBe(429);
      expect((await send(app(), { url: '/api/v1/auth/me', ip, token: accessToken })).statusCode).toBe(429);
    });

    it('counts a wrong inbound mail secret as a failed authentication', async () => {
      const ip = '203.0.113.12';
      const post = () =>
        send(app(), {
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
        expect((await send(app(), { url: '/health/live', ip })).statusCode).toBe(200);
        expect((await send(app(), { url: '/metrics', ip })).statusCode).toBe(200);
      }
      expect((await send(app(), { url: '/api/v1/no-such-route', ip })).statusCode).toBe(404);
    });
  });
});

describe('per-account login lockout (e2e)', () => {
  const app = suiteApp({
    env: { REDIS_KEY_PREFIX: ownPrefix() },
    unset: ['RATE_LIMIT_LOGIN_FAILURES'],
  });

  const attempt = (ip: string, email: string, password: string) =>
    send(app(), {
      method: 'POST',
      url: '/api/v1/auth/login',
      ip,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email, password }),
    });
  const lockOut = async (email: string, ip: string) => {
    for (let i = 0; i < 10; i++) expect((await attempt(ip, email, 'a-wrong-password')).statusCode).toBe(401);
  };
  /** a new user of `role` who logged in from `home`, then locked out by 10 wrong passwords from `attacker` */
  const lockedOutUser = async (role: string, home: string, attacker: string) => {
    const user = await makeUser({ role });
    expect((await attempt(home, user.email, user.password)).statusCode).toBe(200);
    await lockOut(user.email, attacker);
    return user;
  };

  it("lets an ADMIN's correct password through from an address that logged in before; 429 for everyone else", async () => {
    const [home, attacker, elsewhere] = ['192.0.2.10', '192.0.2.66', '192.0.2.99'];
    const admin = await lockedOutUser('ADMIN', home, attacker);
    for (const ip of [attacker, elsewhere]) {
      const res = await attempt(ip, admin.email, admin.password);
      expect(res.statusCode).toBe(429);
      expect(res.json()).toMatchObject({ success: false, error: { code: 'RATE_LIMITED' } });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }

    const through = await attempt(home, admin.email, admin.password);
    expect(through.statusCode).toBe(200);
    expect(through.json().data.user.id).toBe(admin.id);
    // the lockout stays on for everybody else
    expect((await attempt(attacker, admin.email, admin.password)).statusCode).toBe(429);
  });

  it('gives the known address no oracle and no way around the limit for guessing', async () => {
    const [home, attacker] = ['192.0.2.20', '192.0.2.67'];
    const admin = await lockedOutUser('ADMIN', home, attacker);
    // a wrong password from the known address during the lockout: 429 like any other attempt, not 401
    for (let i = 0; i < 10; i++)
      expect((await attempt(home, admin.email, 'a-wrong-guess')).statusCode).toBe(429);
    // its own budget of 10 failures is spent: now the right password from there waits too
    expect((await attempt(home, admin.email, admin.password)).statusCode).toBe(429);
  });

  it('keeps the lockout for accounts that are not ADMIN, wherever they logged in from', async () => {
    const [home, attacker] = ['192.0.2.30', '192.0.2.68'];
    const agent = await lockedOutUser('AGENT', home, attacker);
    expect((await attempt(home, agent.email, agent.password)).statusCode).toBe(429);
  });
});

describe('client IPs behind proxies (TRUST_PROXY) for the per-IP limits (e2e)', () => {
  const LIMIT = 3;
  const env = (trust?: string) => ({
    env: {
      REDIS_KEY_PREFIX: ownPrefix(),
      RATE_LIMIT_AUTH_PER_IP: String(LIMIT),
      ...(trust === undefined ? {} : { TRUST_PROXY: trust }),
    },
    unset: trust === undefined ? ['TRUST_PROXY'] : [],
  });
  /** a per-IP limited auth request (refused before any token is looked at), arriving from `peer` */
  const reset = (app: NestFastifyApplication, peer: string, forwardedFor?: string) =>
    send(app, {
      method: 'POST',
      url: '/api/v1/auth/password/reset',
      ip: peer,
      headers: {
        'content-type': 'application/json',
        ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }),
      },
      payload: JSON.stringify({ token: 'not-a-token', password: 'a-long-new-password-1' }),
    });
  /** statuses of LIMIT + 1 requests: only the last one may be 429 */
  const expectTripsAtLimit = (statuses: number[]) => {
    expect(statuses.slice(0, LIMIT).every((s) => s !== 429)).toBe(true);
    expect(statuses[LIMIT]).toBe(429);
  };

  describe('with TRUST_PROXY=1 (one load balancer)', () => {
    const app = suiteApp(env('1'));
    const balancer = '10.20.0.5';

    it('counts the address the load balancer saw, whatever the client wrote before it', async () => {
      const client = '198.51.100.41';
      const statuses: number[] = [];
      for (let i = 0; i <= LIMIT; i++)
        statuses.push((await reset(app(), balancer, `203.0.113.${i + 1}, ${client}`)).statusCode);
      expectTripsAtLimit(statuses);
      // a spoofed chain of several entries changes nothing either
      expect((await reset(app(), balancer, `192.0.2.1, 192.0.2.2, ${client}`)).statusCode).toBe(429);
      // another client behind the same balancer keeps its own budget
      expect((await reset(app(), balancer, '203.0.113.1, 198.51.100.42')).statusCode).not.toBe(429);
    });
  });

  describe('with TRUST_PROXY set to proxy CIDRs', () => {
    const app = suiteApp(env('10.30.0.0/16, 192.168.7.7'));

    it('takes the forwarded address only from those proxies, skipping each trusted hop', async () => {
      const client = '198.51.100.51';
      // an untrusted peer's X-Forwarded-For is ignored: it is counted itself, not the address it names
      const stranger = '198.51.100.99';
      const fromStranger: number[] = [];
      for (let i = 0; i <= LIMIT; i++) fromStranger.push((await reset(app(), stranger, client)).statusCode);
      expectTripsAtLimit(fromStranger);

      // the client's budget is still whole; through two trusted proxies, the client's own entries do not count
      const viaProxies: number[] = [];
      for (let i = 0; i <= LIMIT; i++)
        viaProxies.push(
          (await reset(app(), '10.30.1.2', `203.0.113.${i + 1}, ${client}, 192.168.7.7`)).statusCode,
        );
      expectTripsAtLimit(viaProxies);
    });
  });

  describe('with TRUST_PROXY unset', () => {
    const app = suiteApp(env());

    it('ignores X-Forwarded-For and counts the peer', async () => {
      const peer = '10.40.0.9';
      const statuses: number[] = [];
      for (let i = 0; i <= LIMIT; i++)
        statuses.push((await reset(app(), peer, `198.51.100.${60 + i}`)).statusCode);
      expectTripsAtLimit(statuses);
    });
  });
});
