import { testApi } from './support/api';
import { suiteListeningApp } from './support/app';
import { makeDepartment, makeUser, TestUser, unique } from './support/factories';
import { PNG } from './support/files';
import { livenessBudget, median, probeLatencies, timedRequest, TimedResponse } from './support/timing';

jest.setTimeout(120_000);

const deepArray = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth: number): string => `${'{"k":'.repeat(depth)}1${'}'.repeat(depth)}`;
/** One multipart part: a field (JSON-typed when `contentType` says so) or, with a filename, a file. */
interface Part {
  name: string;
  value: string | Buffer;
  contentType?: string;
  filename?: string;
}
const multipart = (boundary: string, parts: Part[]): Buffer =>
  Buffer.concat([
    ...parts.flatMap((part) => [
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"` +
          (part.filename === undefined ? '' : `; filename="${part.filename}"`) +
          (part.contentType === undefined ? '' : `\r\nContent-Type: ${part.contentType}`) +
          '\r\n\r\n',
      ),
      Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value),
      Buffer.from('\r\n'),
    ]),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { k: value };
  return value;
};

/**
 * Security finding 2: deeply nested JSON once reached class-transformer, which recursed until the stack overflowed
 * (500 from depth 3,000, and the event loop blocked meanwhile). Bodies nesting deeper than 32 levels are now refused
 * by the parser, and customFields are capped in size, keys and depth.
 */
describe('security: deeply nested JSON (e2e)', () => {
  const { app, port } = suiteListeningApp();
  const { token, post, patch, http } = testApi(app);
  let user: TestUser;
  let bearerToken: string;
  let dept: { id: string };

  beforeAll(async () => {
    dept = await makeDepartment();
    user = await makeUser({ role: 'AGENT', departmentId: dept.id });
    bearerToken = await token(user);
  });

  const postRaw = (path: string, body: string | Buffer, auth = true): Promise<TimedResponse> =>
    timedRequest(port(), {
      method: 'POST',
      path,
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        ...(auth ? { authorization: `Bearer ${bearerToken}` } : {}),
      },
      body: Buffer.isBuffer(body) ? body : Buffer.from(body),
    });

  it('answers customFields nested 10,000 levels with 400 VALIDATION_ERROR, fast', async () => {
    const body = `{"title":"Deep","description":"x","customFields":${deepObject(10_000)}}`;
    const answers: TimedResponse[] = [];
    for (let i = 0; i < 3; i++) answers.push(await postRaw('/api/v1/tickets', body));
    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({
        code: 'VALIDATION_ERROR',
        message: 'The request is not valid',
        details: [{ field: 'body', message: 'must not nest more than 32 levels' }],
      });
    }
    expect(Math.min(...answers.map((a) => a.ms))).toBeLessThan(250);
  });

  it.each(['/api/v1/auth/login', '/api/v1/auth/register', '/api/v1/auth/refresh'])(
    'refuses deep JSON on the anonymous route %s with 400',
    async (path) => {
      const res = await postRaw(path, `{"email":${deepArray(10_000)},"password":"x"}`, false);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    },
  );

  it('refuses 3,000 levels (18 KB), the smallest body that once gave 500', async () => {
    const res = await postRaw(
      '/api/v1/tickets',
      `{"title":"x","description":"x","customFields":${deepArray(3000)}}`,
    );
    expect(res.status).toBe(400);
  });

  it('keeps /health/live fast while four clients send 1 MiB bodies nested 170,000 levels', async () => {
    const body = Buffer.from(
      `{"title":"Deep","description":"x","customFields":${deepArray(170_000)}${' '.repeat(1024 * 1024 - 340_100)}}`,
    );
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(1024 * 1024);
    // in the covered full suite one Jest process holds ~4 GB of heap, and its collector's pauses while these clients
    // move 4 MiB put the median at 260-330 ms (two full runs; 7 ms alone, covered or not): a floor of 600 ms there,
    // still far below what parsing these bodies costs under the same conditions
    const covered = (globalThis as { __coverage__?: unknown }).__coverage__ !== undefined;
    const budget = await livenessBudget(port(), covered ? 600 : 150);
    let stop = false;
    const statuses = new Set<number>();
    const client = async (): Promise<void> => {
      while (!stop) statuses.add((await postRaw('/api/v1/tickets', body)).status);
    };
    const clients = Promise.all([client(), client(), client(), client()]);
    const live = await probeLatencies(port(), new Promise((resolve) => setTimeout(resolve, 3000)));
    stop = true;
    await clients;
    expect([...statuses]).toEqual([400]);
    // parsed, these pushed the median to 423 ms; refused unparsed, what is left is moving 4 MiB through one process
    // (clients and server share this event loop), which takes tens of milliseconds on a busy machine
    expect(median(live)).toBeLessThan(budget);
  });

  it('caps customFields at 5 levels of nesting, 100 keys and 16 KiB, naming the field', async () => {
    const create = (customFields: unknown) =>
      post(user, '/tickets', { title: 'Custom fields', description: 'x', customFields });
    const ok = await create(nested(5));
    expect(ok.status).toBe(201);
    expect(ok.body.data.customFields).toEqual(nested(5));
    for (const [customFields, message] of [
      [nested(6), 'customFields must not nest more than 5 levels'],
      [
        Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i])),
        'customFields must have at most 100 keys in all',
      ],
      [{ text: 'x'.repeat(17 * 1024) }, 'customFields must be at most 16384 bytes as JSON'],
    ] as const) {
      const res = await create(customFields);
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([{ field: 'customFields', message }]);
    }
    const patched = await patch(user, `/tickets/${ok.body.data.id}`, { customFields: nested(6) });
    expect(patched.status).toBe(400);
    expect(patched.body.error.details).toEqual([
      { field: 'customFields', message: 'customFields must not nest more than 5 levels' },
    ]);
  });

  /**
   * A multipart field sent as `Content-Type: application/json` is parsed by the multipart parser, which bounds no
   * depth: the walk that makes its strings well-formed once recursed into it, and 40,000 levels (80 KB, within the
   * guest form's field size) overflowed the stack outside the parser's error handling: 500 on an anonymous route.
   */
  describe('JSON-typed multipart fields', () => {
    const sendMultipart = (path: string, parts: Part[], auth: boolean) => {
      const boundary = `----b${unique()}`;
      const req = http().post(`/api/v1${path}`);
      if (auth) void req.set('Authorization', `Bearer ${bearerToken}`);
      return req
        .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
        .send(multipart(boundary, parts));
    };
    const guestFields = (): Part[] => [
      { name: 'email', value: `${unique('guest')}@example.test` },
      { name: 'fullName', value: 'Sam Guest' },
      { name: 'description', value: 'The link in your mail gives an error.' },
      { name: 'departmentId', value: dept.id },
    ];
    const png: Part = { name: 'file', value: PNG, filename: 'shot.png', contentType: 'image/png' };
    const refusedAsTooDeep = (res: { status: number; body: Record<string, any> }, field: string) => {
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({
        code: 'VALIDATION_ERROR',
        message: 'The request is not valid',
        details: [{ field, message: 'must not nest more than 32 levels' }],
      });
    };

    it('refuses a field nested 40,000 levels on the guest form with 400, and takes a normal one', async () => {
      const deep = await sendMultipart(
        '/public/tickets',
        [...guestFields(), { name: 'title', value: deepArray(40_000), contentType: 'application/json' }, png],
        false,
      );
      refusedAsTooDeep(deep, 'title');
      const object = await sendMultipart(
        '/public/tickets',
        [...guestFields(), { name: 'title', value: deepObject(33), contentType: 'application/json' }],
        false,
      );
      refusedAsTooDeep(object, 'title');

      const ok = await sendMultipart(
        '/public/tickets',
        [...guestFields(), { name: 'title', value: 'Cannot open the invoice' }, png],
        false,
      );
      expect(ok.status).toBe(202);
      expect(ok.body.data.pid).toEqual(expect.any(String));
    });

    it('refuses a deeply nested field on an attachment upload with 400, and takes a normal upload', async () => {
      const ticket = await post(user, '/tickets', {
        title: 'Upload',
        description: 'x',
        departmentId: dept.id,
      });
      expect(ticket.status).toBe(201);
      const path = `/tickets/${ticket.body.data.id}/attachments`;
      // as deep as the parser's field size (1 KiB) allows on this route
      const deep = await sendMultipart(
        path,
        [{ name: 'messageId', value: deepArray(500), contentType: 'application/json' }, png],
        true,
      );
      refusedAsTooDeep(deep, 'messageId');

      const ok = await sendMultipart(path, [png], true);
      expect(ok.status).toBe(201);
      expect(ok.body.data).toMatchObject({ filename: 'shot.png', contentType: 'image/png' });
    });
  });
});
