import { copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { suiteListeningApp } from './support/app';
import { FlowResult } from './support/client-flow-result';
import { makeUser, TestUser } from './support/factories';
import { OPENAPI_FILE, ROOT } from './support/openapi';

/**
 * What a team writes against a client generated from openapi.json: no `!`, no casts, and annotations that only
 * compile when the documented success fields are required (a `total` that might be undefined is not a number).
 */
const CLIENT_PROGRAM = `
import createClient from 'openapi-fetch';
import type { paths } from './schema';
import type { FlowResult } from './flow-result';

export async function runFlow(baseUrl: string, email: string, password: string): Promise<FlowResult> {
  const client = createClient<paths>({ baseUrl });

  const login = await client.POST('/api/v1/auth/login', { body: { email, password } });
  if (!login.data) throw new Error('login failed: ' + String(login.response.status));
  const accessToken: string = login.data.data.accessToken;
  const headers = { Authorization: 'Bearer ' + accessToken };

  // no Idempotency-Key: it is optional
  const created = await client.POST('/api/v1/tickets', {
    headers,
    body: { title: 'The printer on floor 3 jams', description: 'Error E-52 after the first page.', priority: 'HIGH' },
  });
  if (!created.data) throw new Error('create failed: ' + String(created.response.status));
  const id: string = created.data.data.id;
  const pid: string = created.data.data.pid;

  const reply = await client.POST('/api/v1/tickets/{id}/messages', {
    params: { path: { id } },
    headers,
    body: { body: 'It happens with every tray.' },
  });
  if (!reply.data) throw new Error('reply failed: ' + String(reply.response.status));
  const messageId: string = reply.data.data.id;

  // no page, limit or sort: they have defaults
  const list = await client.GET('/api/v1/tickets', { headers });
  if (!list.data) throw new Error('list failed: ' + String(list.response.status));
  const total: number = list.data.pagination.total;
  const totalPages: number = list.data.pagination.totalPages;
  const listedIds: string[] = list.data.data.map((t) => t.id);

  const byPid = await client.GET('/api/v1/tickets/{id}', { params: { path: { id: pid } }, headers });
  if (!byPid.data) throw new Error('get by PID failed: ' + String(byPid.response.status));
  const fetchedId: string = byPid.data.data.id;
  const status: string = byPid.data.data.status;
  const requestId: string = byPid.data.meta.requestId;

  // documented errors are typed too: the envelope with its code
  const missing = await client.GET('/api/v1/tickets/{id}', {
    params: { path: { id: 'TKT-209912-999999' } },
    headers,
  });
  const missingCode: string | undefined = missing.error?.error.code;

  return {
    id, pid, status, messageId, total, totalPages, listedIds, fetchedId, requestId,
    missingStatus: missing.response.status,
    missingCode,
  };
}
`;

/** `!` and `as` (other than `as const`) are how a client papers over a document that says too little. */
function assertionsIn(file: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const isConst =
      ts.isAsExpression(node) &&
      ts.isTypeReferenceNode(node.type) &&
      node.type.typeName.getText(file) === 'const';
    if (
      ts.isNonNullExpression(node) ||
      ts.isTypeAssertionExpression(node) ||
      (ts.isAsExpression(node) && !isConst)
    ) {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
      found.push(`line ${line + 1}: ${node.getText(file)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('a typed client generated from openapi.json (e2e)', () => {
  let dir: string;
  const { port } = suiteListeningApp();
  let requester: TestUser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'helpdesk-client-'));
    // the generated client resolves openapi-fetch (and TypeScript its types) from the project
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, 'schema.ts'), astToString(await openapiTS(pathToFileURL(OPENAPI_FILE))));
    writeFileSync(join(dir, 'client.ts'), CLIENT_PROGRAM);
    copyFileSync(join(__dirname, 'support', 'client-flow-result.ts'), join(dir, 'flow-result.ts'));
    requester = await makeUser({ role: 'END_USER' });
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('type-checks under strict TypeScript with no non-null assertion or cast', () => {
    const program = ts.createProgram([join(dir, 'client.ts')], {
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
    const source = program.getSourceFile(join(dir, 'client.ts'));
    expect(source).toBeDefined();
    if (source) expect(assertionsIn(source)).toEqual([]);
  });

  it('drives login → create → reply → list → get by PID through openapi-fetch', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program written above, compiled by Jest
    const client = require(join(dir, 'client.ts')) as {
      runFlow: (baseUrl: string, email: string, password: string) => Promise<FlowResult>;
    };
    const result = await client.runFlow(`http://127.0.0.1:${port()}`, requester.email, requester.password);
    expect(result.pid).toMatch(/^TKT-\d{6}-\d{6}$/);
    expect(result.fetchedId).toBe(result.id);
    expect(result.status).toBe('OPEN');
    expect(result.messageId).toEqual(expect.any(String));
    expect(result.listedIds).toContain(result.id);
    expect(result.total).toBe(1);
    expect(result.totalPages).toBe(1);
    expect(result.requestId).toEqual(expect.any(String));
    expect(result).toMatchObject({ missingStatus: 404, missingCode: 'NOT_FOUND' });
  });
});
