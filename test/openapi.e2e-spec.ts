import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { isObject, JsonObject, operationsOf } from '../src/bootstrap/openapi/walk';
import { startTestApp } from './support/app';
import { committedDocument, documentProblems, OPENAPI_FILE, ROOT, securityOf } from './support/openapi';

const GENERATOR = join(ROOT, 'dist', 'openapi.js');

function newestSourceChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceChange(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** `METHOD path operationId security` of every operation: what routing and the lock icons depend on. */
const routesOf = (doc: JsonObject): string[] =>
  operationsOf(doc)
    .map(({ path, method, op }) =>
      [method, path, String(op.operationId), JSON.stringify(securityOf(doc, op))].join(' '),
    )
    .sort();

describe('OpenAPI document (e2e)', () => {
  describe('openapi.json', () => {
    it('is what the code gives: after changing routes or DTOs, run `npm run openapi` and commit it', () => {
      // the document comes from the production build: the Swagger plugin reads DTO types and comments there
      if (!existsSync(GENERATOR))
        throw new Error('dist/openapi.js is missing: run `npm run build` (npm test does)');
      if (newestSourceChange(join(ROOT, 'src')) > statSync(GENERATOR).mtimeMs)
        throw new Error('src/ changed after the last build: run `npm run build` (npm test does) first');
      // no database, Redis or configuration: only PATH
      const run = spawnSync(process.execPath, [GENERATOR, '--stdout'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '' },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const committed = readFileSync(OPENAPI_FILE, 'utf8');
      if (run.stdout !== committed) {
        const fresh = routesOf(JSON.parse(run.stdout) as JsonObject);
        const old = routesOf(JSON.parse(committed) as JsonObject);
        const changed = [
          ...fresh.filter((r) => !old.includes(r)).map((r) => `+ ${r}`),
          ...old.filter((r) => !fresh.includes(r)).map((r) => `- ${r}`),
        ];
        throw new Error(
          `openapi.json is stale: run \`npm run openapi\` and commit it.\n${changed.join('\n') || '(schemas or texts differ)'}`,
        );
      }
    });

    it('documents every operation the way generated clients need it', () => {
      expect(documentProblems(committedDocument())).toEqual([]);
    });

    it('lets a client open, list and read tickets without guessing', () => {
      const doc = committedDocument();
      const paths = doc.paths as Record<string, Record<string, JsonObject>>;
      expect(Object.keys(paths).filter((p) => p.includes('idOrPid'))).toEqual([]);
      const get = paths['/api/v1/tickets/{id}'].get;
      expect(get.operationId).toBe('tickets.get');
      expect(JSON.stringify(get.parameters)).toContain('PID');

      const create = paths['/api/v1/tickets'].post;
      const headers = (create.parameters as JsonObject[]).filter((p) => p.in === 'header');
      expect(headers).toEqual([expect.objectContaining({ name: 'Idempotency-Key', required: false })]);
      expect(Object.keys(create.responses as JsonObject)).toEqual(
        expect.arrayContaining(['201', '400', '401']),
      );

      const list = paths['/api/v1/tickets'].get;
      expect((list.parameters as JsonObject[]).filter((p) => p.required === true)).toEqual([]);
      expect(list.operationId).toBe('tickets.list');

      const login = paths['/api/v1/auth/login'].post;
      expect(login.security).toEqual([]);
      expect(paths['/api/v1/auth/me'].get.security ?? doc.security).toEqual([{ bearer: [] }]);
      expect(paths['/api/v1/inbound/email'].post.security).toEqual([{ inboundSecret: [] }]);
    });
  });

  describe('Redocly exceptions', () => {
    it('accept only the ambiguous-looking approval paths the contract fixes, and the document says why', () => {
      const ignored = parseYaml(readFileSync(join(ROOT, '.redocly.lint-ignore.yaml'), 'utf8')) as Record<
        string,
        Record<string, string[]>
      >;
      const ambiguous = ['approve', 'reject', 'reassign'].map((a) => `/api/v1/approvals/{id}/${a}`);
      expect(ignored).toEqual({
        'openapi.json': {
          'no-ambiguous-paths': ambiguous.map((p) => `#/paths/${p.replaceAll('/', '~1')}`),
        },
      });
      const doc = committedDocument();
      const paths = Object.keys(doc.paths as JsonObject);
      // each pair still exists: an exception for a path that is gone would only hide the next real one
      expect(paths).toEqual(expect.arrayContaining([...ambiguous, '/api/v1/approvals/delegations/{id}']));
      const description = String((doc.info as JsonObject).description);
      expect(description).toContain('`/api/v1/approvals/delegations/{id}`');
      expect(description).toContain('`no-ambiguous-paths`');
    });
  });

  describe('as the application serves it', () => {
    let app: NestFastifyApplication;
    let served: JsonObject;
    beforeAll(async () => {
      app = await startTestApp();
      served = (await request(app.getHttpServer()).get('/api/docs-json').expect(200)).body as JsonObject;
    });
    afterAll(async () => {
      await app?.close();
    });

    it('has the routes, operation ids and security of openapi.json', () => {
      expect(routesOf(served)).toEqual(routesOf(committedDocument()));
      expect(served.servers).toEqual(committedDocument().servers);
    });

    it('asks for a bearer token exactly where the document shows that lock', async () => {
      const doc = committedDocument();
      const wrong: string[] = [];
      for (const { path, method, op } of operationsOf(doc)) {
        const security = securityOf(doc, op);
        const bearer = security.some((r) => isObject(r) && 'bearer' in r);
        if (!bearer && security.length > 0) continue; // a scheme of its own (METRICS_TOKEN, the inbound secret)
        const url = path.replace(/\{[^}]+\}/g, randomUUID());
        let req = request(app.getHttpServer())[method as 'get'](url);
        if (['post', 'put', 'patch'].includes(method))
          req = req.set('Content-Type', 'application/json').send('{}');
        const res = await req;
        if (bearer !== (res.status === 401)) wrong.push(`${method.toUpperCase()} ${path} → ${res.status}`);
      }
      expect(wrong).toEqual([]);
    });
  });
});
