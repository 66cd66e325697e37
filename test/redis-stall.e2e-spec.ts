import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { OwnRedis } from './support/chaos';
import { startTestApp } from './support/app';
import { makeUser } from './support/factories';
import { bearer, login } from './support/http';

jest.setTimeout(60_000);

/**
 * A stalled Redis (SIGSTOP: connections open, no answers, the client still `ready`) must not stall the API: the
 * rate limiters, the session store and the caches answer their fallback within FAIL_OPEN_TIMEOUT_MS, and once one
 * command has timed out the next requests do not wait at all. An answer past the 10 s the requests allow here
 * means a request waited on Redis.
 */
describe('a stalled Redis (e2e)', () => {
  let redis: OwnRedis;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    redis = await new OwnRedis().start();
    app = await startTestApp({ env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'stall:' } });
  });
  afterAll(async () => {
    redis?.resume();
    await app?.close();
    await redis?.kill();
  });

  it('keeps answering signed-in and anonymous requests while Redis does not answer, and uses Redis again after', async () => {
    const user = await makeUser();
    const auth = bearer((await login(app, user.email, user.password)).accessToken);
    const ask = () =>
      request(app.getHttpServer())
        .get('/api/v1/tickets')
        .set(...auth)
        .timeout(10_000);
    expect((await ask()).status).toBe(200);

    redis.pause();
    try {
      for (let i = 0; i < 3; i++) expect((await ask()).status).toBe(200);
      // an anonymous request goes through the pre-auth limiter, and a wrong token is still refused
      const anonymous = await request(app.getHttpServer()).get('/api/v1/tickets').timeout(10_000);
      expect(anonymous.status).toBe(401);
      const login2 = await request(app.getHttpServer())
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password })
        .timeout(10_000);
      expect(login2.status).toBe(200);
    } finally {
      redis.resume();
    }
    expect((await ask()).status).toBe(200);
  });
});
