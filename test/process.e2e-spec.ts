import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { freePort } from '../src/infrastructure/embedded/free-port';
import { makeUser, unique } from './support/factories';
import { committedDocument } from './support/openapi';
import { productionEnv, requireBuild, ServiceProcess } from './support/process';
import { recipientOf, TestSmtpServer } from './support/smtp';

/** The production entry point, run as users run it: `node dist/main.js` (built by `npm test` first). */
describe('the built service (process)', () => {
  beforeAll(requireBuild);

  describe('with DATABASE_URL and REDIS_URL', () => {
    let service: ServiceProcess;
    let smtp: TestSmtpServer;
    let base: string;
    const jwtSecret = `proc-secret-${unique()}-0123456789abcdef0123456789`;
    const adminPassword = `admin-${unique()}-pw`;

    beforeAll(async () => {
      smtp = await new TestSmtpServer().start();
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      service = new ServiceProcess(
        productionEnv('proc', {
          PORT: String(port),
          JWT_SECRET: jwtSecret,
          BCRYPT_COST: '4',
          LOG_LEVEL: 'debug',
          MIGRATE_ON_START: 'true',
          WORKER_IN_PROCESS: 'true',
          SMTP_URL: smtp.url,
          ADMIN_EMAIL: `${unique('procadmin')}@example.test`,
          ADMIN_PASSWORD: adminPassword,
          STORAGE_DIR: join(tmpdir(), unique('proc-storage')),
        }),
      ).start();
      await service.waitForOutput(/Helpdesk API on/);
    });
    afterAll(async () => {
      await service?.stop();
      await smtp?.stop();
    });

    it('serves readiness, docs and the API', async () => {
      await request(base).get('/health/ready').expect(200);
      const docs = await request(base).get('/api/docs-json').expect(200);
      expect(Object.keys(docs.body.paths)).toEqual(
        expect.arrayContaining(['/api/v1/auth/login', '/api/v1/tickets']),
      );
      // the committed document is the one production serves (npm run openapi builds it without starting anything)
      expect(docs.body).toEqual(committedDocument());
    });

    it('never writes passwords, tokens, hashes or secrets to its logs, and logs one line per request', async () => {
      const user = await makeUser({ password: `Sup3r-secret-${unique()}` });
      const login = await request(base)
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password })
        .expect(200);
      const { accessToken, refreshToken } = login.body.data;
      await request(base)
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: 'Wrong-password-123' })
        .expect(401);
      const refreshed = await request(base).post('/api/v1/auth/refresh').send({ refreshToken }).expect(200);
      const me = await request(base)
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ${refreshed.body.data.accessToken}`)
        .expect(200);
      await request(base).post('/api/v1/auth/password/forgot').send({ email: user.email }).expect(202);
      const mail = await smtp.waitFor((m) => recipientOf(m) === user.email);
      const resetToken = /token=([A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1];
      const newPassword = `N3w-secret-${unique()}`;
      await request(base)
        .post('/api/v1/auth/password/reset')
        .send({ token: resetToken, newPassword })
        .expect(204);
      await request(base)
        .post('/api/v1/auth/password/reset')
        .send({ token: resetToken, newPassword })
        .expect(400);
      await new Promise((r) => setTimeout(r, 300));

      const secrets = [
        user.password,
        newPassword,
        accessToken,
        refreshToken,
        refreshed.body.data.accessToken,
        refreshed.body.data.refreshToken,
        resetToken,
        jwtSecret,
        adminPassword,
      ];
      for (const secret of secrets) expect(service.output).not.toContain(secret);
      expect(service.output).not.toMatch(/\$2[aby]\$\d\d\$/); // bcrypt hashes

      const access = service.jsonLines().filter((l) => l.route === '/api/v1/auth/me' && l.res);
      expect(access.length).toBeGreaterThan(0);
      expect(access[0]).toMatchObject({
        requestId: me.headers['x-request-id'],
        userId: user.id,
        ms: expect.any(Number),
        req: { method: 'GET', url: '/api/v1/auth/me' },
      });
      expect((access[0].res as { statusCode: number }).statusCode).toBe(200);
      const authEvents = service.jsonLines().filter((l) => typeof l.event === 'string');
      expect(authEvents.map((l) => l.event)).toEqual(
        expect.arrayContaining(['login_succeeded', 'login_failed', 'refreshed', 'password_reset_completed']),
      );
    });

    it('stops gracefully on SIGTERM, finishing what it was doing', async () => {
      const inFlight = request(base).get('/health/ready');
      const pending = inFlight.then((r) => r.status);
      await new Promise((r) => setTimeout(r, 20));
      const code = await service.stop();
      expect(code).toBe(0);
      expect(await pending).toBe(200);
      expect(service.output).toContain('SIGTERM received');
    });
  });

  describe('the worker process', () => {
    it('starts on its own with the URLs, serves its metrics, refuses without URLs, stops on SIGTERM', async () => {
      const metricsPort = await freePort();
      const worker = new ServiceProcess(
        productionEnv('worker', { LOG_LEVEL: 'info', WORKER_METRICS_PORT: String(metricsPort) }),
        process.cwd(),
        'worker.js',
      ).start();
      await worker.waitForOutput(/Worker started/);
      const metrics = await request(`http://127.0.0.1:${metricsPort}`).get('/metrics').expect(200);
      expect(metrics.text).toContain('process_cpu_user_seconds_total');
      expect(metrics.text).toContain('outbox_pending_events');
      await request(`http://127.0.0.1:${metricsPort}`).get('/health/live').expect(200);
      expect(await worker.stop()).toBe(0);

      const lonely = new ServiceProcess({ NODE_ENV: 'development' }, process.cwd(), 'worker.js').start();
      expect(await lonely.exited()).toBe(1);
      expect(lonely.output).toContain('A separate worker needs DATABASE_URL and REDIS_URL');
    });
  });

  describe('zero-config start (embedded PostgreSQL and Redis)', () => {
    let service: ServiceProcess;
    const dir = mkdtempSync(join(tmpdir(), 'helpdesk-zero-'));
    chmodSync(dir, 0o755); // as root, the embedded PostgreSQL runs as `postgres` and must reach its data folder

    afterAll(async () => {
      await service?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('starts with no URLs, seeds an admin with a printed password, and is ready', async () => {
      const port = await freePort();
      service = new ServiceProcess({ PORT: String(port), BCRYPT_COST: '4', LOG_LEVEL: 'warn' }, dir).start();
      await service.waitForOutput(/Helpdesk API on/, 90_000);
      expect(service.output).toMatch(/embedded PostgreSQL on 127\.0\.0\.1:\d+/);
      expect(service.output).toMatch(/embedded Redis/);
      const password = /Password \(shown once, change it\): (\S+)/.exec(service.output)?.[1];
      expect(password).toBeDefined();
      const base = `http://127.0.0.1:${port}`;
      await request(base).get('/health/ready').expect(200);
      await request(base).get('/api/docs').expect(200);
      await request(base)
        .post('/api/v1/auth/login')
        .send({ email: 'admin@example.com', password })
        .expect(200);
      expect(existsSync(join(dir, '.data', 'postgres', 'PG_VERSION'))).toBe(true);
      expect(await service.stop()).toBe(0);
    }, 120_000);
  });
});
