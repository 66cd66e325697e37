import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { startTestApp } from './support/app';
import { makeDepartment, makeUser, TestUser } from './support/factories';
import { bearer, login } from './support/http';
import { committedDocument } from './support/openapi';
import { ResponseChecker } from './support/response-schema';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** Values that have broken services before: wrong types, wrong shapes, extremes, injection-looking strings. */
const BAD_SEGMENTS = [
  'not-a-uuid',
  '0',
  '-1',
  "'; DROP TABLE users; --",
  'x'.repeat(300),
  '%00',
  'TKT-999999-000001',
];
const BAD_BODIES: unknown[] = [
  [],
  [{}],
  'a string',
  123,
  null,
  { id: {}, userId: [], status: 'NOPE', priority: 42, title: { $gt: '' }, email: ['x'] },
  { page: -1, limit: 1e9, tags: 'x', customFields: 'x', events: 'x', url: 123, strategy: 'RANDOM' },
  { assigneeId: 'x'.repeat(1000), teamId: 'nope', departmentId: '00000000-0000-0000-0000-000000000000' },
  { body: 'x'.repeat(25000), title: 'x'.repeat(5000), description: '\u0000' },
  { from: 'yesterday', to: 'tomorrow', leadId: 1.5, available: 'maybe', isActive: 'yes' },
];
const BAD_QUERIES = [
  'page=0',
  'page=abc',
  'limit=1000',
  'limit=-5',
  'status=NOPE',
  'assigneeId=somebody',
  'departmentId=nope',
  'createdFrom=not-a-date',
  'cursor=%7B%22garbage',
  'unread=perhaps',
  `q=${'x'.repeat(500)}`,
  'sort=DROP',
];

/**
 * Every operation in the generated OpenAPI document, fed malformed paths, bodies and query strings as an ADMIN
 * (who may reach the most code): the answer is always a 4xx envelope, never a 500.
 */
describe('robustness: no input gets a 500 (e2e)', () => {
  let app: NestFastifyApplication;
  let admin: TestUser;
  let token: string;
  let operations: Array<{ method: Method; path: string }>;

  beforeAll(async () => {
    // the inbound route configured, so it is fuzzed like any other (unconfigured it is a documented 503)
    app = await startTestApp({ env: { INBOUND_EMAIL_SECRET: 'robustness-inbound-secret-0123456789' } });
    const dept = await makeDepartment();
    admin = await makeUser({ role: 'ADMIN', departmentId: dept.id });
    token = (await login(app, admin.email, admin.password)).accessToken;
    const doc = await request(app.getHttpServer()).get('/api/docs-json').expect(200);
    operations = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m): m is Method => ['get', 'post', 'patch', 'put', 'delete'].includes(m))
          .map((method) => ({ method, path })),
      )
      // these end the session the fuzzing runs with (a valid body is easy to stumble on); they have tests of their own
      .filter((o) => !['/api/v1/auth/logout', '/api/v1/auth/password/change'].includes(o.path));
  });
  afterAll(async () => {
    await app?.close();
  });
  // the fuzzing reaches POST /auth/logout too, which ends the session it was sent with
  beforeEach(async () => {
    token = (await login(app, admin.email, admin.password)).accessToken;
  });

  // every JSON answer below must also match the schema openapi.json gives for its status
  const checker = new ResponseChecker(committedDocument());
  const drift = (method: Method, path: string, res: request.Response): string[] => {
    const problem = checker.problem(
      path,
      method,
      { status: res.status, type: String(res.headers['content-type'] ?? ''), text: res.text },
      false,
    );
    return problem ? [`${method.toUpperCase()} ${path}: ${problem}`] : [];
  };

  const call = (method: Method, url: string, body?: unknown) => {
    let req = request(app.getHttpServer())
      [method](url)
      .set(...bearer(token));
    if (body !== undefined) {
      req = req.set('Content-Type', 'application/json').send(JSON.stringify(body));
    }
    return req;
  };

  it('covers the API', () => {
    expect(operations.length).toBeGreaterThan(30);
  });

  it('answers malformed path parameters with 4xx', async () => {
    const failures: string[] = [];
    for (const { method, path } of operations.filter((o) => o.path.includes('{'))) {
      for (const segment of BAD_SEGMENTS) {
        const url = path.replace(/\{[^}]+\}/g, encodeURIComponent(segment));
        const res = await call(method, url, method === 'get' || method === 'delete' ? undefined : {});
        failures.push(...drift(method, path, res));
        if (res.status >= 500 || res.status === 401)
          failures.push(`${method.toUpperCase()} ${url} → ${res.status}`);
        else if (res.status >= 400 && res.body?.success !== false && !url.startsWith('/health')) {
          failures.push(`${method.toUpperCase()} ${url} → ${res.status} without the error envelope`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers malformed bodies with 4xx', async () => {
    const failures: string[] = [];
    const uuid = '00000000-0000-4000-8000-000000000000';
    for (const { method, path } of operations.filter((o) => ['post', 'patch', 'put'].includes(o.method))) {
      if (path === '/api/v1/inbound/email' || path.endsWith('/attachments')) continue; // not JSON endpoints
      const url = path.replace(/\{[^}]+\}/g, uuid);
      for (const body of BAD_BODIES) {
        const res = await call(method, url, body);
        failures.push(...drift(method, path, res));
        if (res.status >= 500 || (res.status === 401 && !url.startsWith('/api/v1/auth/')))
          failures.push(
            `${method.toUpperCase()} ${url} ${JSON.stringify(body).slice(0, 60)} → ${res.status}`,
          );
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers malformed query strings with 4xx or ignores them', async () => {
    const failures: string[] = [];
    for (const { path } of operations.filter((o) => o.method === 'get' && !o.path.includes('{'))) {
      if (!path.startsWith('/api/v1')) continue;
      if (path === '/api/v1/events/stream') continue; // an open stream never ends; it has tests of its own
      for (const query of BAD_QUERIES) {
        const res = await call('get', `${path}?${query}`);
        failures.push(...drift('get', path, res));
        if (res.status >= 500 || res.status === 401)
          failures.push(`GET ${path}?${query.slice(0, 40)} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses the inputs that once reached PostgreSQL unchecked with 400', async () => {
    const nul = await call('post', '/api/v1/tickets', { title: 'Null byte', description: 'a\u0000b' });
    expect(nul.status).toBe(400);
    expect(nul.body.error.details).toEqual([
      { field: 'description', message: 'must not contain NUL characters' },
    ]);
    expect((await call('get', '/api/v1/tickets?q=a%00b')).status).toBe(400);
    expect(
      (
        await call('post', '/api/v1/tickets', {
          title: 'ok title',
          description: 'x',
          customFields: { 'k\u0000': 1 },
        })
      ).status,
    ).toBe(400);
    expect((await call('get', '/api/v1/tickets?page=100000000000000000000')).status).toBe(400);
    const forged = Buffer.from(JSON.stringify({ s: '-createdAt', k: ['zzz'], id: '0'.repeat(36) })).toString(
      'base64url',
    );
    expect((await call('get', `/api/v1/tickets?cursor=${forged}`)).status).toBe(400);
    const dashes = Buffer.from(
      JSON.stringify({ s: '-createdAt', k: ['2026-01-01 00:00:00+00'], id: '-'.repeat(36) }),
    ).toString('base64url');
    expect((await call('get', `/api/v1/tickets?cursor=${dashes}`)).status).toBe(400);
    expect((await call('post', '/api/v1/tickets', { title: '  ab  ', description: 'x' })).status).toBe(400);
    const trimmed = await call('post', '/api/v1/tickets', { title: '  Trimmed title  ', description: 'x' });
    expect(trimmed.status).toBe(201);
    expect(trimmed.body.data.title).toBe('Trimmed title');
  });

  it('answers a body nested 10,000 levels with 400 and one over 1 MiB with 413, on every operation', async () => {
    const deep = `{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const long = JSON.stringify({ title: 'x'.repeat(1024 * 1024) });
    const failures: string[] = [];
    for (const { method, path } of operations.filter((o) => o.method !== 'get')) {
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      // the inbound route checks its secret before it reads any body
      const [deepStatus, longStatus] = path === '/api/v1/inbound/email' ? [401, 401] : [400, 413];
      for (const [body, expected] of [
        [deep, deepStatus],
        [long, longStatus],
      ] as const) {
        const res = await request(app.getHttpServer())
          [method](url)
          .set(...bearer(token))
          .set('Content-Type', 'application/json')
          .send(body);
        if (res.status !== expected || res.body?.success !== false)
          failures.push(
            `${method.toUpperCase()} ${url} ${body.length} bytes → ${res.status}, not ${expected}`,
          );
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers malformed multipart (no boundary, no closing boundary) with a 4xx envelope, never a 500, on every operation', async () => {
    const part =
      '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n' +
      'Content-Type: text/plain\r\n\r\nsome text, and then the body ends';
    const failures: string[] = [];
    for (const { method, path } of operations.filter((o) => ['post', 'patch', 'put'].includes(o.method))) {
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      for (const type of ['multipart/form-data', 'multipart/form-data; boundary=xyz']) {
        const res = await request(app.getHttpServer())
          [method](url)
          .set(...bearer(token))
          .set('Content-Type', type)
          .send(part);
        // routes that take no body ignore it; every other answer is a 4xx envelope
        if (res.status >= 500 || (res.status >= 400 && res.body?.success !== false))
          failures.push(`${method.toUpperCase()} ${url} (${type}) → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers wrong content types and broken JSON with 4xx', async () => {
    const failures: string[] = [];
    for (const { method, path } of operations.filter((o) => ['post', 'patch'].includes(o.method))) {
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const broken = await request(app.getHttpServer())
        [method](url)
        .set(...bearer(token))
        .set('Content-Type', 'application/json')
        .send('{"unterminated": ');
      const xml = await request(app.getHttpServer())
        [method](url)
        .set(...bearer(token))
        .set('Content-Type', 'application/xml')
        .send('<a/>');
      for (const res of [broken, xml])
        if (res.status >= 500) failures.push(`${method} ${url} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });
});
