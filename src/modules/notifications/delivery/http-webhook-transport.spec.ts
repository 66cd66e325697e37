import { LookupAddress } from 'node:dns';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { guardedLookup, HttpWebhookTransport, RefusedDestinationError } from './http-webhook-transport';

const transport = (allowPrivate: boolean, timeoutMs = 2000) =>
  new HttpWebhookTransport({ allowPrivate, timeoutMs, maxAttempts: 5, retryDelayMs: 10 });

/** a resolver that answers what the test says, like a DNS server under an attacker's control */
const fakeResolver =
  (answers: LookupAddress[]) =>
  (_host: string, _opts: unknown, cb: (err: NodeJS.ErrnoException | null, a: LookupAddress[]) => void) =>
    cb(null, answers);

function lookupWith(allowPrivate: boolean, answers: LookupAddress[], all: boolean) {
  const lookup = guardedLookup(allowPrivate, fakeResolver(answers));
  return new Promise<{ err: Error | null; address: unknown; family?: number }>((resolve) =>
    lookup('hooks.example.com', { all }, (err, address, family) => resolve({ err, address, family })),
  );
}

describe('guardedLookup', () => {
  it('hands the connection exactly the public addresses it checked', async () => {
    const answers = [{ address: '93.184.216.34', family: 4 }];
    expect(await lookupWith(false, answers, false)).toEqual({
      err: null,
      address: '93.184.216.34',
      family: 4,
    });
    expect(await lookupWith(false, answers, true)).toEqual({
      err: null,
      address: answers,
      family: undefined,
    });
  });

  it('refuses a name that resolves to a private address, even beside a public one (rebinding)', async () => {
    for (const bad of ['127.0.0.1', '169.254.169.254', '10.0.0.1', '::1', 'fd00::2', '::ffff:127.0.0.1']) {
      const answers = [
        { address: '93.184.216.34', family: 4 },
        { address: bad, family: bad.includes(':') ? 6 : 4 },
      ];
      const { err } = await lookupWith(false, answers, true);
      expect(err).toBeInstanceOf(RefusedDestinationError);
      expect((await lookupWith(false, answers, false)).err).toBeInstanceOf(RefusedDestinationError);
    }
  });

  it('lets private addresses through when allowed', async () => {
    expect((await lookupWith(true, [{ address: '127.0.0.1', family: 4 }], false)).err).toBeNull();
  });
});

describe('HttpWebhookTransport against a real receiver on loopback', () => {
  let server: Server;
  let port: number;
  const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  let answer: (res: ServerResponse) => void = (res) => res.writeHead(204).end();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
        answer(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    received.length = 0;
    answer = (res) => res.writeHead(204).end();
  });

  it('POSTs the body and headers and reports the status', async () => {
    const result = await transport(true).post(`http://127.0.0.1:${port}/hook`, '{"a":1}', {
      'content-type': 'application/json',
      'x-webhook-id': 'e1',
    });
    expect(result).toEqual({ statusCode: 204, error: null, refused: false });
    expect(received).toHaveLength(1);
    expect(received[0].body).toBe('{"a":1}');
    expect(received[0].headers['x-webhook-id']).toBe('e1');
  });

  it('reports non-2xx answers as they are', async () => {
    answer = (res) => res.writeHead(500).end('boom');
    expect(await transport(true).post(`http://127.0.0.1:${port}/`, '{}', {})).toMatchObject({
      statusCode: 500,
    });
  });

  it('refuses a loopback IP and a name resolving to loopback when private targets are not allowed', async () => {
    const byIp = await transport(false).post(`http://127.0.0.1:${port}/`, '{}', {});
    expect(byIp).toMatchObject({ statusCode: null, refused: true });
    const byName = await transport(false).post(`http://localhost:${port}/`, '{}', {});
    expect(byName).toMatchObject({ statusCode: null, refused: true });
    expect(byName.error).toContain('localhost');
    expect(received).toHaveLength(0);
  });

  it('gives up after the timeout', async () => {
    answer = () => undefined; // never answers
    const started = Date.now();
    const result = await transport(true, 300).post(`http://127.0.0.1:${port}/`, '{}', {});
    expect(result.statusCode).toBeNull();
    expect(result.error).toContain('no answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await transport(true).post(`http://127.0.0.1:${closedPort}/`, '{}', {});
    expect(result).toMatchObject({ statusCode: null, refused: false });
    expect(result.error).toContain('ECONNREFUSED');
  });
});
