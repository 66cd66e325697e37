import type { Server } from 'node:http';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { startWorkerOpsServer } from '../src/bootstrap/worker-ops-server';
import { freePort } from '../src/infrastructure/embedded/free-port';
import { MetricsService } from '../src/infrastructure/metrics/metrics.service';
import { startTestApp } from './support/app';
import { makeDepartment, makeUser } from './support/factories';
import { bearer, login } from './support/http';

const METRICS_TOKEN = 'a-metrics-token-for-the-scraper';
const STRICT = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

describe('hardening headers and the metrics token (e2e)', () => {
  let app: NestFastifyApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startTestApp({ env: { METRICS_TOKEN } });
  });
  afterAll(async () => {
    await app?.close();
  });

  describe('GET /metrics with METRICS_TOKEN set', () => {
    it('answers 401 in the envelope without the token, or with a wrong one', async () => {
      for (const authorization of [
        undefined,
        'Bearer not-the-token',
        METRICS_TOKEN,
        `Basic ${METRICS_TOKEN}`,
      ]) {
        const req = http().get('/metrics');
        const res = await (authorization ? req.set('Authorization', authorization) : req).expect(401);
        expect(res.body).toMatchObject({ success: false, error: { code: 'UNAUTHENTICATED' } });
        expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
        expect(res.text).not.toContain('http_requests');
      }
    });

    it('serves the metrics to Bearer <METRICS_TOKEN>', async () => {
      const res = await http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toContain('# TYPE');
    });

    it('is documented in the OpenAPI document with its own security scheme', async () => {
      const doc = (await http().get('/api/docs-json').expect(200)).body;
      expect(doc.components.securitySchemes.metrics).toMatchObject({ type: 'http', scheme: 'bearer' });
      const op = doc.paths['/metrics'].get;
      expect(op.security).toEqual([{ metrics: [] }]);
      expect(op.description).toContain('METRICS_TOKEN');
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '401']));
    });

    it("guards the standalone worker's metrics the same way", async () => {
      const port = await freePort();
      const metrics = new MetricsService();
      const ops: Server = await startWorkerOpsServer(metrics, port, METRICS_TOKEN);
      try {
        const base = `http://127.0.0.1:${port}`;
        const refused = await fetch(`${base}/metrics`);
        expect(refused.status).toBe(401);
        expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
        expect(await refused.json()).toMatchObject({ success: false, error: { code: 'UNAUTHENTICATED' } });
        const served = await fetch(`${base}/metrics`, {
          headers: { authorization: `Bearer ${METRICS_TOKEN}` },
        });
        expect(served.status).toBe(200);
        expect(await served.text()).toContain('# TYPE');
        expect((await fetch(`${base}/health/live`)).status).toBe(200);
      } finally {
        await new Promise((resolve) => ops.close(resolve));
        metrics.onModuleDestroy();
      }
    });
  });

  describe('Content-Security-Policy', () => {
    it('is strict on the API, errors, operational routes and the OpenAPI document', async () => {
      const user = await makeUser();
      const session = await login(app, user.email, user.password);
      const responses = [
        await http()
          .get('/api/v1/auth/me')
          .set(...bearer(session))
          .expect(200),
        await http().get('/api/v1/auth/me').expect(401),
        await http().get('/api/v1/no-such-route').expect(404),
        await http().get('/health/live').expect(200),
        await http().get('/api/docs-json').expect(200),
      ];
      for (const res of responses) {
        expect(res.headers['content-security-policy']).toBe(STRICT);
        // helmet's other headers too
        expect(res.headers).toMatchObject({
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'SAMEORIGIN',
          'referrer-policy': 'no-referrer',
          'strict-transport-security': expect.stringMatching(/^max-age=\d+/),
        });
      }
    });

    it('gives Swagger UI a policy of its own that its page and assets live within', async () => {
      const page = await http().get('/api/docs').expect(200);
      const policy = page.headers['content-security-policy'];
      expect(policy).toContain("script-src 'self'");
      expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(policy).toContain("frame-ancestors 'none'");
      // the policy forbids inline scripts: the page must have none, every script is a file served from here
      const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes, body] of scripts) {
        expect(attributes).toMatch(/src=["'][^"':]+["']/); // relative: this origin
        expect(body.trim()).toBe('');
      }
      const init = await http().get('/api/docs/swagger-ui-init.js').expect(200);
      expect(init.headers['content-security-policy']).toBe(policy);
      expect(init.text).not.toContain('validator.swagger.io');
    });
  });

  describe('Cache-Control', () => {
    it('is no-store on JSON answered to an authenticated caller, success or error', async () => {
      const dept = await makeDepartment();
      const agent = await makeUser({ role: 'AGENT', departmentId: dept.id });
      const session = await login(app, agent.email, agent.password);
      for (const path of [
        '/api/v1/auth/me',
        '/api/v1/tickets',
        '/api/v1/tickets/00000000-0000-4000-8000-000000000000',
      ]) {
        const res = await http()
          .get(path)
          .set(...bearer(session));
        expect([200, 404]).toContain(res.status);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.headers['cache-control']).toBe('no-store');
      }
    });
  });
});
