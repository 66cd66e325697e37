import { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import { isObject, operationsOf } from '../src/bootstrap/openapi/walk';
import { startTestApp } from './support/app';
import { expectedOf, MATRIX } from './authz/matrix';
import { REQUESTS } from './authz/requests';
import { Call, fetchHttp, World } from './authz/world';
import { formData } from './support/http';
import { committedDocument } from './support/openapi';
import { ResponseChecker } from './support/response-schema';
import { Request, requestOf } from './support/schema-arbitrary';

const INBOUND_SECRET = 'fuzz-inbound-secret-0123456789abcdef';
/** cases per operation: a few in `npm test`; `FUZZ_RUNS=200` (`npm run test:fuzz`) for the long run */
const RUNS = Number(process.env.FUZZ_RUNS ?? 3);
/** a failure names its seed: `FUZZ_SEED=<seed>` replays the same requests */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
/** these end the session the fuzzing runs with; they have tests of their own */
/** an answer later than this is a problem too (and the fuzzing goes on) */
const ANSWER_WITHIN_MS = 15_000;
const SKIPPED = new Set(['auth.logout', 'auth.change']);

/**
 * Every operation of openapi.json, called by an ADMIN with requests fast-check derives from the operation's own
 * parameter and body schemas (mostly valid, now and then junk in any position): never a 5xx, never a status the
 * document does not list for the operation, and every JSON answer valid against the schema documented for its
 * status (JSON Schema 2020-12, as OpenAPI 3.1 says), so the document cannot drift from what the service does.
 */
const shown = (body: string | FormData | undefined): string =>
  typeof body === 'string' ? body.slice(0, 300) : body ? '(multipart)' : '';

describe('fuzz: openapi.json holds for generated requests (e2e)', () => {
  let app: NestFastifyApplication;
  let base: string;
  let world: World;
  let token: string;
  let known: string[];
  /** `known` but the world's structure: the ids a generated change may name in its path */
  let changeable: string[];
  const doc = committedDocument();
  const checker = new ResponseChecker(doc);

  /**
   * The matrix's request for an ADMIN on a case where the matrix says the ADMIN succeeds (built fresh: a call that
   * changes its resource takes a new one): the first case fuzzed for the operation, and the source of the ids and
   * values clean cases borrow. Undefined where no ADMIN call succeeds (a route on a made-up child id).
   */
  const seedOf = async (id: string): Promise<Request | undefined> => {
    const row = MATRIX.find((r) => r.op === id);
    if (!row || !REQUESTS[id]) return undefined;
    for (const [k, c] of row.cases.entries()) {
      if (expectedOf(row, 'ADMIN', k) >= 300) continue;
      const call: Call = await REQUESTS[id](world, 'ADMIN', c);
      if (call.token !== undefined) return undefined; // made for a session of its own
      // never the ADMIN's own account: random changes to it would end the fuzzing's session
      if (Object.values(call.path ?? {}).includes(world.users.admin.id)) continue;
      return {
        path: call.path ?? {},
        query: Object.entries(call.query ?? {}),
        headers: call.headers ?? {},
        body: call.body,
        form: call.form,
        raw: call.raw,
      };
    }
    return undefined;
  };
  /** operations the matrix says an ADMIN succeeds at: each must answer 2xx at least once */
  const expectedToSucceed = new Set(
    MATRIX.filter((r) => r.cases.some((_, k) => expectedOf(r, 'ADMIN', k) < 300)).map((r) => r.op),
  );

  const send = async (
    method: string,
    url: string,
    headers: Record<string, string>,
    body?: string | FormData,
  ) => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), ANSWER_WITHIN_MS);
    const res = await fetch(`${base}${url}`, { method, headers, body, signal: abort.signal }).finally(() =>
      clearTimeout(timer),
    );
    if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
      abort.abort();
      return { status: res.status, type: 'text/event-stream', text: '' };
    }
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  };

  beforeAll(async () => {
    app = await startTestApp({ env: { INBOUND_EMAIL_SECRET: INBOUND_SECRET } });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    // the authorization matrix's world: departments, staff, tickets and one of every other resource
    world = new World(fetchHttp(base), INBOUND_SECRET);
    await world.build();
    // ids that exist, so generated requests reach past the lookups (never the ADMIN's own: it would deactivate it)
    known = [...world.ids(), 'me', 'none'];
    // the world's structure every seed is built on: a generated change (a department deactivated, an item moved to
    // another department) never targets it, so a later operation's seed cannot fail for that alone
    const structure = new Set([
      world.deptA.id,
      world.deptB.id,
      world.teamA.id,
      world.teamB.id,
      ...Object.values(world.users).map((u) => u.id),
      world.categoryA,
      world.itemA,
      ...Object.values(world.itemApproval),
    ]);
    changeable = known.filter((id) => !structure.has(id));
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  /** `FUZZ_ONLY=macros.create,tickets.list` fuzzes those alone */
  const only = process.env.FUZZ_ONLY?.split(',');
  // removals last: a generated DELETE may name a shared resource of the world (the item every update seeds from) by
  // one of its known ids, and an operation fuzzed after it would then fail for that alone
  const operations = operationsOf(committedDocument())
    .filter(
      (o) => !SKIPPED.has(String(o.op.operationId)) && (!only || only.includes(String(o.op.operationId))),
    )
    .sort((a, b) => Number(a.method === 'delete') - Number(b.method === 'delete'));

  it('covers the API', () => {
    expect(operations.length).toBeGreaterThan(only ? 0 : 100);
  });

  it(`answers ${RUNS} generated requests per operation as documented, bodies valid against their schemas`, async () => {
    const problems = new Set<string>();
    let cases = 0;
    const succeeded = new Map<string, number>();
    for (const { path, method, op } of operations) {
      const id = String(op.operationId);
      token = await world.login(world.users.admin);
      const seed = await seedOf(id).catch((e: Error) => {
        throw new Error(`fuzz (seed ${SEED}): the seed of ${id} failed: ${e.message}`);
      });
      // a change borrows the seed's values but not its target: random changes to the world's shared resources (the
      // department every seed uses) would make later operations fail for reasons of their own
      const arbitrary = requestOf(
        doc,
        path,
        op,
        known,
        seed && method !== 'get' ? { ...seed, path: undefined } : seed,
        method === 'get' ? known : changeable,
      );
      const responses = isObject(op.responses) ? op.responses : {};
      await fc.assert(
        fc.asyncProperty(arbitrary, async (req) => {
          cases += 1;
          const url =
            path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(req.path[name] ?? '')) +
            (req.query.length ? `?${new URLSearchParams(req.query).toString()}` : '');
          const headers: Record<string, string> = { ...req.headers, authorization: `Bearer ${token}` };
          let body: string | FormData | undefined;
          if (req.form) body = formData(req.form);
          else if (req.raw) {
            headers['content-type'] = req.raw.type;
            if (path === '/api/v1/inbound/email') headers['x-inbound-secret'] = INBOUND_SECRET;
            body = req.raw.data;
          } else if (path === '/api/v1/inbound/email') {
            headers['content-type'] = 'message/rfc822';
            headers['x-inbound-secret'] = INBOUND_SECRET;
            body = `From: someone@example.test\r\nSubject: ${String(req.body).slice(0, 60)}\r\n\r\n${String(req.body)}\r\n`;
          } else if (req.body !== undefined) {
            headers['content-type'] = 'application/json';
            body = JSON.stringify(req.body);
          }
          const started = Date.now();
          const res = await send(method.toUpperCase(), url, headers, body).catch((e: Error) => {
            problems.add(`${id} ${method.toUpperCase()} ${url.slice(0, 120)}: no answer (${e.message})`);
            return undefined;
          });
          if (!res) return;
          if (process.env.FUZZ_TRACE)
            process.stdout.write(
              `${id} ${res.status} ${Date.now() - started} ms ${url.slice(0, 100)} ${shown(body)} → ${res.text.slice(0, 200)}\n`,
            );
          if (res.status >= 500 && !(res.status === 503 && responses['503'])) {
            problems.add(
              `${id} ${method.toUpperCase()} ${url.slice(0, 120)} ${shown(body)} → ${res.status} ${res.text.slice(0, 200)}`,
            );
            return;
          }
          if (res.status < 300) succeeded.set(id, (succeeded.get(id) ?? 0) + 1);
          const problem = checker.problem(path, method, res);
          if (problem) problems.add(`${id} ${problem}`);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true, examples: seed ? [[seed]] : [] },
      );
    }
    process.stdout.write(
      `fuzz (seed ${SEED}): ${operations.length} operations × ${RUNS} cases = ${cases} requests, ${checker.validated} JSON answers validated\n`,
    );
    const ok = [...succeeded.values()].reduce((a, b) => a + b, 0);
    const ids = operations.map((o) => String(o.op.operationId));
    const never = ids.filter((o) => !succeeded.has(o));
    process.stdout.write(
      `fuzz: ${ok} answers 2xx; ${ids.length - never.length} of ${ids.length} operations answered 2xx at least once; never: ${never.join(' ') || 'none'}\n`,
    );
    expect({ seed: SEED, problems: [...problems].sort() }).toEqual({ seed: SEED, problems: [] });
    // an operation the matrix shows an ADMIN succeeding at, that never succeeded here, has regressed (or its
    // documented request no longer validates). Checked in the short form: the long one changes the shared fixtures
    // so often (a department deactivated, a user renamed) that a later seed may fail for that alone; it reports.
    const regressed = never.filter((o) => expectedToSucceed.has(o));
    if (RUNS <= 10) expect(regressed).toEqual([]);
    else if (regressed.length > 0)
      process.stdout.write(
        `fuzz: never 2xx although the matrix says an ADMIN succeeds: ${regressed.join(' ')}\n`,
      );
  }, 3_600_000);
});
