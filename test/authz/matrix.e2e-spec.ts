import { randomUUID } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { operationsOf } from '../../src/bootstrap/openapi/walk';
import { startTestApp } from '../support/app';
import { committedDocument } from '../support/openapi';
import { expectedOf, MATRIX, MAY_NAME_HIDDEN, missingOf } from './matrix';
import { REQUESTS } from './requests';
import { Call, fetchHttp, Http, Role, ROLES, World } from './world';

const INBOUND_SECRET = 'matrix-inbound-secret-0123456789';
/** cells in flight at once: enough to overlap the database round trips, few enough for a 2-core machine */
const PARALLEL = 6;

interface Operation {
  method: string;
  path: string;
}

/**
 * The authorization matrix (test/authz/matrix.ts): every operation of openapi.json, called by every role on the
 * resource of every case, answers exactly the status the table gives. A leak is a 200 where the table says 404
 * (or 403), and a 403 where it says 404 (the caller learns that the resource exists).
 * `MATRIX_RECORD=1` prints the observed table instead of failing, to review when adding a route.
 */
describe('authorization matrix (e2e)', () => {
  let app: NestFastifyApplication;
  let world: World;
  const operations = new Map<string, Operation>();

  let http: Http;

  beforeAll(async () => {
    app = await startTestApp({ env: { INBOUND_EMAIL_SECRET: INBOUND_SECRET } });
    await app.listen(0, '127.0.0.1');
    http = fetchHttp((await app.getUrl()).replace('[::1]', '127.0.0.1'));
    for (const { method, path, op } of operationsOf(committedDocument()))
      operations.set(String(op.operationId), { method: method.toUpperCase(), path });
    world = new World(http, INBOUND_SECRET);
    const started = Date.now();
    await world.build();
    process.stdout.write(`authorization matrix: fixtures built in ${Date.now() - started} ms\n`);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('has one row and one request for every operation of openapi.json, and none for operations it lacks', () => {
    const documented = [...operations.keys()].sort();
    expect(MATRIX.map((r) => r.op).sort()).toEqual(documented);
    expect(Object.keys(REQUESTS).sort()).toEqual(documented);
  });

  it('answers every role on every case as the table says: 404 for what the caller may not see, 403 for what they see but may not do', async () => {
    const rows = MATRIX.filter((r) => operations.has(r.op));
    const cells = rows.flatMap((row) =>
      ROLES.flatMap((role) => [
        ...row.cases.map((c, i) => ({ row, role, c, missing: false, expected: expectedOf(row, role, i) })),
        // the same call on a resource that does not exist: the answer every out-of-scope case must give
        ...(operations.get(row.op)!.path.includes('{')
          ? [{ row, role, c: row.cases[0], missing: true, expected: missingOf(row, role) }]
          : []),
      ]),
    );
    const observed = new Map<string, number>();
    // ids of what each role may not read (a GET of it is 404 while the role reads something on that route)
    const hidden = new Map<Role, Set<string>>(ROLES.map((role) => [role, new Set<string>()]));
    const answers: Array<{ role: Role; op: string; text: string }> = [];
    const wrong: string[] = [];
    const run = async (cell: (typeof cells)[number]): Promise<void> => {
      const { method, path } = operations.get(cell.row.op)!;
      let call: Call;
      try {
        call = await REQUESTS[cell.row.op](world, cell.role, cell.c);
      } catch (e) {
        wrong.push(`${cell.row.op} ${cell.role} ${cell.c}: fixture failed: ${(e as Error).message}`);
        return;
      }
      let first = cell.missing;
      const url = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
        const value = first ? randomUUID() : call.path?.[name];
        first = false;
        if (!value) throw new Error(`${cell.row.op}: no value for {${name}}`);
        return encodeURIComponent(value);
      });
      const token = call.token !== undefined ? call.token : world.tokens[cell.role];
      const res = await http.send(method, url, { ...call, token });
      if (res.status < 300 && res.text.startsWith('{'))
        answers.push({ role: cell.role, op: cell.row.op, text: res.text });
      const readsSome = cell.row.cases.some((_, i) => expectedOf(cell.row, cell.role, i) < 300);
      if (method === 'GET' && !cell.missing && cell.expected === 404 && readsSome)
        for (const id of Object.values(call.path ?? {})) hidden.get(cell.role)!.add(id);
      observed.set(`${cell.row.op}|${cell.role}|${cell.missing ? 'missing' : cell.c}`, res.status);
      if (res.status !== cell.expected) {
        const leak =
          (res.status < 400 && cell.expected >= 400) || (res.status === 403 && cell.expected === 404)
            ? ' (LEAK)'
            : '';
        wrong.push(
          `${cell.row.op} as ${cell.role} on ${cell.missing ? 'a missing resource' : cell.c}: ${res.status}${leak}, table says ${cell.expected}` +
            (res.status >= 400 ? ` ${JSON.stringify((res.body?.error as { code?: string })?.code)}` : ''),
        );
      }
    };
    const started = Date.now();
    const queue = [...cells];
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        for (let cell = queue.shift(); cell; cell = queue.shift()) await run(cell);
      }),
    );
    // the matrix size, for the record
    process.stdout.write(
      `authorization matrix: ${rows.length} operations × ${ROLES.length} roles: ${cells.length} calls ` +
        `(${cells.filter((c) => c.missing).length} of them on a missing resource) in ${Date.now() - started} ms\n`,
    );
    if (process.env.MATRIX_RECORD) {
      const lines = MATRIX.map((row) => {
        const per = ROLES.map((role) => {
          const statuses = row.cases.map((c) => observed.get(`${row.op}|${role}|${c}`) ?? 0);
          return new Set(statuses).size === 1 ? String(statuses[0]) : `'${statuses.join(' ')}'`;
        });
        const missing = ROLES.map((role) => observed.get(`${row.op}|${role}|missing`) ?? '-').join(' ');
        return `  r('${row.op}', ${row.casesName}, ${per.join(', ')}), // missing: ${missing}`;
      });
      process.stdout.write(`${lines.join('\n')}\n${wrong.filter((w) => w.includes('fixture')).join('\n')}\n`);
      return;
    }
    // no answer to a role names what that role may not read: lists, counts and embedded objects included
    for (const { role, op, text } of answers.filter((a) => !MAY_NAME_HIDDEN[a.op]?.includes(a.role)))
      for (const id of hidden.get(role)!)
        if (text.includes(id)) wrong.push(`${op} as ${role} names ${id}, which it may not read (LEAK)`);
    expect(wrong.sort()).toEqual([]);
  }, 300_000);
});
