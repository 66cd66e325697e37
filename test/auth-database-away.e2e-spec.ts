import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import request from 'supertest';
import { freePort } from '../src/infrastructure/embedded/free-port';
import { startTestApp } from './support/app';
import { makeUser } from './support/factories';
import { bearer, login } from './support/http';
import { createPrivateDatabase, PrivateDatabase, privateDatabaseEnv } from './support/private-database';

jest.setTimeout(60_000);

/**
 * The access-token check reads the session's state from PostgreSQL when Redis cannot tell it (here Redis is away
 * all along). With PostgreSQL away too, that check cannot be made: the answer is 503 SERVICE_UNAVAILABLE with
 * Retry-After, as for any request PostgreSQL cannot serve, and never 401 (a client would drop a valid session).
 */
describe('the token check while PostgreSQL is away (e2e)', () => {
  let db: PrivateDatabase;
  let app: NestFastifyApplication;
  const databaseName = () => new URL(db.url).pathname.slice(1);
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    db = await createPrivateDatabase('tokendb');
    const env = privateDatabaseEnv(db, 'tokendb');
    app = await startTestApp({
      env: { ...env, REDIS_URL: `redis://127.0.0.1:${await freePort()}`, DATABASE_ACQUIRE_TIMEOUT_MS: '500' },
    });
  });
  afterAll(async () => {
    await admin(`ALTER DATABASE "${databaseName()}" ALLOW_CONNECTIONS true`).catch(() => undefined);
    await app?.close();
    await db?.drop();
  });

  it('answers 503, not 401, and takes the same token again once PostgreSQL is back', async () => {
    const user = await makeUser();
    const auth = bearer((await login(app, user.email, user.password)).accessToken);
    const ask = () =>
      request(app.getHttpServer())
        .get('/api/v1/notifications')
        .set(...auth);
    expect((await ask()).status).toBe(200);

    await admin(`ALTER DATABASE "${databaseName()}" ALLOW_CONNECTIONS false`);
    await admin(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${databaseName()}' AND pid <> pg_backend_pid()`,
    );
    try {
      const away = await ask();
      expect([away.status, away.body.error?.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
      expect(away.headers['retry-after']).toBeDefined();
    } finally {
      await admin(`ALTER DATABASE "${databaseName()}" ALLOW_CONNECTIONS true`);
    }
    let back = await ask();
    for (let i = 0; i < 20 && back.status !== 200; i++) back = await ask();
    expect(back.status).toBe(200);
  });
});
