import { randomUUID } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { isObject, JsonObject, operationsOf, resolveRef } from '../src/bootstrap/openapi/walk';
import { startTestApp } from './support/app';
import { makeDepartment, makeTicket, makeUser } from './support/factories';
import { login } from './support/http';
import { committedDocument, securityOf } from './support/openapi';

const ROLES = ['END_USER', 'AGENT', 'TEAM_LEAD', 'ADMIN'] as const;

interface Probe {
  what: string;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** a body sent as is, with its own content type */
  raw?: { type: string; body: string };
}

const OVER_ONE_MIB = JSON.stringify({ padding: 'x'.repeat(1024 * 1024) });

const paramsOf = (doc: JsonObject, op: JsonObject): JsonObject[] =>
  ((op.parameters as JsonObject[] | undefined) ?? []).map((p) => resolveRef(doc, p) ?? p);

const streams = (op: JsonObject): boolean =>
  Object.values(isObject(op.responses) ? op.responses : {}).some(
    (r) => isObject(r) && isObject(r.content) && 'text/event-stream' in r.content,
  );

/**
 * Each operation of openapi.json, called the way a client gets it wrong (unknown ids, a malformed id, an empty or
 * mistyped body, a query value of the wrong type) by every role: whatever error it answers must be a status the
 * document lists for that operation, in the error envelope. What the document promises is thus checked against what
 * the routes, guards, pipes and services really do, not only against the refinement that adds the shared errors.
 */
describe('documented errors (e2e)', () => {
  let app: NestFastifyApplication;
  const tokens = new Map<string, string>();
  const users = new Map<string, { email: string; password: string }>();
  let ticketId: string;
  /** logout and a password change end the caller's sessions: sign everyone in again after them */
  const signIn = async () => {
    for (const [role, u] of users) tokens.set(role, (await login(app, u.email, u.password)).accessToken);
  };

  beforeAll(async () => {
    app = await startTestApp();
    const dept = await makeDepartment();
    for (const role of ROLES) {
      const user = await makeUser({ role, departmentId: role === 'END_USER' ? undefined : dept.id });
      users.set(role, user);
      if (role === 'END_USER')
        ticketId = (await makeTicket({ requesterId: user.id, departmentId: dept.id })).id;
    }
    await signIn();
  });
  afterAll(async () => {
    await app?.close();
  });

  /** The ways to call an operation wrongly: unknown ids (a real ticket where the path is a ticket's), bad values. */
  function probesOf(doc: JsonObject, path: string, op: JsonObject): Probe[] {
    const params = paramsOf(doc, op);
    const fill = (bad: string | undefined) =>
      path.replace(
        /\{([^}]+)\}/g,
        (_, name: string, at: number) =>
          bad ?? (name === 'id' && path.slice(0, at) === '/api/v1/tickets/' ? ticketId : randomUUID()),
      );
    const probes: Probe[] = [{ what: 'as is', path: fill(undefined) }];
    if (params.some((p) => p.in === 'path')) probes.push({ what: 'a malformed id', path: fill('not-an-id') });
    if (op.requestBody !== undefined) {
      probes.push({ what: 'an empty body', path: fill(undefined), body: {} });
      probes.push({ what: 'a mistyped body', path: fill(undefined), body: { unknownField: [1] } });
      const raw = (what: string, type: string, body: string) =>
        probes.push({ what, path: fill(undefined), raw: { type, body } });
      raw('a text body', 'text/plain', 'hello');
      raw('a JSON body over 1 MiB', 'application/json', OVER_ONE_MIB);
      raw('malformed JSON', 'application/json', '{"title": ');
    }
    const query = params.filter((p) => p.in === 'query');
    if (query.length > 0)
      probes.push({
        what: 'mistyped query values',
        path: fill(undefined),
        query: Object.fromEntries(query.map((p) => [String(p.name), '%%-not-valid-%%'])),
      });
    return probes;
  }

  it('answers only statuses the document lists, for every operation and role', async () => {
    const doc = committedDocument();
    const undocumented = new Set<string>();
    const notEnveloped = new Set<string>();
    let calls = 0;
    for (const { path, method, op } of operationsOf(doc)) {
      if (streams(op)) continue; // an event stream does not end by itself; its errors are tested in realtime
      const responses = isObject(op.responses) ? op.responses : {};
      const bearer = securityOf(doc, op).some((r) => isObject(r) && 'bearer' in r);
      for (const probe of probesOf(doc, path, op)) {
        // the body parser refuses before any guard: one role is enough for those probes
        const roles = !bearer ? [undefined] : probe.raw ? ['ADMIN'] : ROLES;
        for (const role of roles) {
          let req = request(app.getHttpServer())[method as 'get'](probe.path);
          if (role) req = req.set('Authorization', `Bearer ${tokens.get(role)}`);
          if (probe.query) req = req.query(probe.query);
          if (probe.raw) req = req.set('Content-Type', probe.raw.type).send(probe.raw.body);
          else if (probe.body !== undefined) req = req.send(probe.body as object);
          else if (['post', 'put', 'patch'].includes(method)) req = req.send({});
          const res = await req;
          calls++;
          if (path.startsWith('/api/v1/auth/')) await signIn();
          if (res.status < 400) continue;
          const where = `${method.toUpperCase()} ${path} as ${role ?? 'anonymous'} with ${probe.what}`;
          const body = res.body as { success?: boolean; error?: { code?: string } };
          if (!(String(res.status) in responses))
            undocumented.add(`${where} → ${res.status} ${body.error?.code ?? ''}`);
          else if (path.startsWith('/api/') && body.success !== false)
            notEnveloped.add(`${where} → ${res.status}`);
        }
      }
    }
    expect(calls).toBeGreaterThan(1000);
    expect([...undocumented]).toEqual([]);
    expect([...notEnveloped]).toEqual([]);
  });
});
