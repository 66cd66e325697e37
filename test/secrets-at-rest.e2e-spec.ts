import { createHmac, randomBytes } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CreateMailboxesAndEncryptWebhookSecrets1764820100000 } from '../migrations/1764820100000-create-mailboxes-and-encrypt-webhook-secrets';
import { secretsKeyOf } from '../src/config/secrets-key';
import { AesGcmSecretCipher } from '../src/infrastructure/security/aes-gcm-secret-cipher';
import { startTestApp } from './support/app';
import { makeUser, sql, TestUser, unique } from './support/factories';
import { bearer, login } from './support/http';
import { startHooks } from './support/mailing';
import { PrivateDatabase } from './support/private-database';
import { ServiceProcess } from './support/process';
import { eventually, WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(60_000);

const testKey = () => secretsKeyOf(Buffer.from(process.env.SECRETS_KEY!, 'base64'));

describe('secrets at rest (e2e)', () => {
  let db: PrivateDatabase;
  let receiver: WebhookReceiver;
  let admin: TestUser;
  let env: Record<string, string>;
  const withApp = async <T>(
    extra: Record<string, string>,
    work: (app: NestFastifyApplication, auth: [string, string]) => Promise<T>,
  ): Promise<T> => {
    const app = await startTestApp({ withWorker: true, env: { ...env, ...extra } });
    try {
      return await work(app, bearer((await login(app, admin.email, admin.password)).accessToken));
    } finally {
      await app.close();
    }
  };

  beforeAll(async () => {
    ({ db, receiver, env } = await startHooks('secrets'));
    admin = await makeUser({ role: 'ADMIN' });
  });
  afterAll(async () => {
    await receiver?.stop();
    await db?.drop();
  });

  it('stores webhook secrets encrypted, signs with them, and keeps signing after the key is rotated', async () => {
    const path = `/rotated-${unique()}`;
    const hook = await withApp({}, async (app, auth) => {
      const res = await request(app.getHttpServer())
        .post('/api/v1/admin/webhooks')
        .set(...auth)
        .send({ url: receiver.url(path), events: ['ticket.created'] })
        .expect(201);
      const listed = await request(app.getHttpServer())
        .get('/api/v1/admin/webhooks')
        .set(...auth)
        .expect(200);
      expect(JSON.stringify(listed.body)).not.toContain(res.body.data.secret);
      return res.body.data as { id: string; secret: string };
    });
    const [{ secret: stored }] = await sql<{ secret: string }>(`SELECT secret FROM webhooks WHERE id = $1`, [
      hook.id,
    ]);
    expect(stored).toMatch(new RegExp(`^v1\\.${testKey().id}\\.`));
    expect(stored).not.toContain(hook.secret);

    // a mailbox password, stored like the webhook secret
    const [department] = await sql<{ id: string }>(
      `INSERT INTO departments (name) VALUES ($1) RETURNING id`,
      [unique('Rotation')],
    );
    const before = new AesGcmSecretCipher({ current: testKey(), previous: null });
    await sql(
      `INSERT INTO mailboxes (name, host, port, secure, username, password_encrypted, department_id, active)
       VALUES ('Rotation', '127.0.0.1', 143, false, 'u', $1, $2, false)`,
      [before.encrypt('imap-password-0123', 'mailboxes.password'), department.id],
    );

    // a new key: the old one becomes SECRETS_KEY_PREVIOUS, and `npm run secrets:rotate` (the built command)
    // re-encrypts every stored secret under the new one; a second run has nothing left to do
    const newKey = randomBytes(32);
    const rotate = async () => {
      const cli = new ServiceProcess(
        {
          NODE_ENV: 'production',
          DATABASE_URL: db.url,
          JWT_SECRET: 'x'.repeat(40),
          SECRETS_KEY: newKey.toString('base64'),
          SECRETS_KEY_PREVIOUS: process.env.SECRETS_KEY!,
        },
        process.cwd(),
        'secrets-rotate.js',
      ).start();
      expect(await cli.exited()).toBe(0);
      return cli.output;
    };
    const first = await rotate();
    expect(first).toContain(
      `Secrets re-encrypted under key ${secretsKeyOf(newKey).id} (webhooks: 1, mailboxes: 1)`,
    );
    expect(first).not.toContain(hook.secret);
    expect(await rotate()).toContain('(webhooks: 0, mailboxes: 0)');
    const after = new AesGcmSecretCipher({ current: secretsKeyOf(newKey), previous: null });
    const [{ secret: rotated }] = await sql<{ secret: string }>(`SELECT secret FROM webhooks WHERE id = $1`, [
      hook.id,
    ]);
    expect(rotated).toMatch(new RegExp(`^v1\\.${secretsKeyOf(newKey).id}\\.`));
    const [{ password_encrypted: password }] = await sql<{ password_encrypted: string }>(
      `SELECT password_encrypted FROM mailboxes WHERE name = 'Rotation'`,
    );
    expect(after.decrypt(password, 'mailboxes.password')).toBe('imap-password-0123');

    // a service with only the new key still signs with the secret the receiver was given
    await withApp({ SECRETS_KEY: newKey.toString('base64') }, async (app, auth) => {
      await request(app.getHttpServer())
        .post('/api/v1/tickets')
        .set(...auth)
        .send({ title: 'Rotated key', description: 'x' })
        .expect(201);
      const [hit] = await eventually(() => (receiver.on(path).length > 0 ? receiver.on(path) : undefined));
      const timestamp = hit.headers['x-webhook-timestamp'] as string;
      const expected = createHmac('sha256', hook.secret).update(`${timestamp}.${hit.body}`).digest('hex');
      expect(hit.headers['x-webhook-signature']).toBe(`sha256=${expected}`);
    });
  });

  it('encrypts the plain webhook secrets already stored when the migration runs', async () => {
    const dataSource = new DataSource({ type: 'postgres', url: db.url });
    await dataSource.initialize();
    const runner = dataSource.createQueryRunner();
    const migration = new CreateMailboxesAndEncryptWebhookSecrets1764820100000();
    const cipher = new AesGcmSecretCipher({ current: testKey(), previous: null });
    try {
      await sql(`DELETE FROM webhook_deliveries`);
      await sql(`DELETE FROM webhooks`);
      const [kept] = await sql<{ id: string }>(
        `INSERT INTO webhooks (url, events, secret) VALUES ('https://hooks.example.test/y', '{*}', $1) RETURNING id`,
        [cipher.encrypt('kept-secret-0123456789', 'webhooks.secret')],
      );
      await migration.down(runner); // back to plain secrets, as before this migration
      const [plain] = await sql<{ secret: string }>(`SELECT secret FROM webhooks WHERE id = $1`, [kept.id]);
      expect(plain.secret).toBe('kept-secret-0123456789');
      const [row] = await sql<{ id: string }>(
        `INSERT INTO webhooks (url, events, secret) VALUES ('https://hooks.example.test/x', '{*}', 'old-plain-secret-0123456789')
         RETURNING id`,
      );
      await migration.up(runner);
      const [after] = await sql<{ secret: string }>(`SELECT secret FROM webhooks WHERE id = $1`, [row.id]);
      expect(after.secret).toMatch(new RegExp(`^v1\\.${testKey().id}\\.`));
      expect(cipher.decrypt(after.secret, 'webhooks.secret')).toBe('old-plain-secret-0123456789');
    } finally {
      await runner.release();
      await dataSource.destroy();
    }
  });
});
