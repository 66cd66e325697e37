import { request as httpRequest, OutgoingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PinoLogger } from 'nestjs-pino';
import { ShutdownState } from '../src/infrastructure/health/shutdown-state';
import { startTestApp } from './support/app';
import { listen } from './support/timing';

interface Answer {
  status: number;
  /** header names (lower case) and values, in the order they were sent */
  headers: Array<[string, string]>;
  body: string;
}

/** What Node.js adds to every answer on a real connection, whoever writes the rest. */
const CONNECTION_HEADERS = new Set(['date', 'connection', 'keep-alive']);
const ownHeaders = (headers: Array<[string, string]>) =>
  headers.filter(([name]) => !CONNECTION_HEADERS.has(name));

/** One request on a fresh connection, with the answer's headers in order. */
function send(
  port: number,
  method: string,
  path: string,
  headers: OutgoingHttpHeaders = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        const pairs: Array<[string, string]> = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2)
          pairs.push([res.rawHeaders[i].toLowerCase(), res.rawHeaders[i + 1]]);
        resolve({ status: res.statusCode ?? 0, headers: pairs, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** The same request through Fastify's own pipeline (inject never passes through the HTTP server). */
async function throughPipeline(
  app: NestFastifyApplication,
  method: 'GET' | 'HEAD',
  headers: Record<string, string>,
): Promise<Answer> {
  const res = await app.inject({ method, url: '/health/live', headers });
  const pairs = Object.entries(res.headers).map(([name, value]): [string, string] => [name, String(value)]);
  return { status: res.statusCode, headers: ownHeaders(pairs), body: res.body };
}

/** An app whose Fastify pipeline records every request it finishes (the fast path never enters it). */
async function recordingApp(env: Record<string, string> = {}) {
  const reached: string[] = [];
  const app = await startTestApp({
    env,
    beforeInit: (a) =>
      a
        .getHttpAdapter()
        .getInstance()
        .addHook('onResponse', (request, _reply, done) => {
          reached.push(`${request.method} ${request.url}`);
          done();
        }),
  });
  return { app, reached, port: await listen(app) };
}

const metricValue = (text: string, series: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
};

describe('/health/live answered in front of Fastify (e2e)', () => {
  let app: NestFastifyApplication;
  let reached: string[];
  let port: number;

  beforeAll(async () => {
    ({ app, reached, port } = await recordingApp());
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(() => reached.splice(0));

  it('answers GET and HEAD with the very status, headers and body the pipeline sends, without entering it', async () => {
    for (const method of ['GET', 'HEAD'] as const) {
      const id = `parity-${method.toLowerCase()}-0001`;
      const direct = await send(port, method, '/health/live', { 'x-request-id': id });
      expect(reached).toEqual([]);
      const piped = await throughPipeline(app, method, { 'x-request-id': id });
      expect(reached).toEqual([`${method} /health/live`]);
      reached.splice(0);

      expect(direct.status).toBe(200);
      expect(ownHeaders(direct.headers)).toEqual(piped.headers);
      expect(direct.body).toBe(piped.body);
      expect(direct.body).toBe(method === 'GET' ? '{"status":"ok"}' : '');
      // the security headers, the content type and the echoed id are all there
      const headers = new Map(direct.headers);
      expect(headers.get('x-request-id')).toBe(id);
      expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(headers.get('content-length')).toBe('15');
      expect(headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('strict-transport-security')).toBeDefined();
    }
  });

  it('makes up a request id as the pipeline does when the client sends none or an unusable one', async () => {
    const ids = new Set<string>();
    const choices: Array<Record<string, string>> = [{}, {}, { 'x-request-id': 'has space inside' }];
    for (const headers of choices) {
      const direct = new Map((await send(port, 'GET', '/health/live', headers)).headers);
      const piped = new Map((await throughPipeline(app, 'GET', headers)).headers);
      for (const id of [direct.get('x-request-id'), piped.get('x-request-id')]) {
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        ids.add(id!);
      }
    }
    expect(ids.size).toBe(6);
  });

  it('drains a probe that carries a body, so the request after it on the connection is still answered', async () => {
    const probe = (body = '') =>
      `GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
      (body ? `Content-Length: ${body.length}\r\n` : '') +
      `\r\n${body}`;
    // more than the request's stream buffers: left unread there, it would stop the connection's reading
    const statuses = await new Promise<string[]>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let received = '';
      const answered = () => [...received.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]);
      const timer = setTimeout(() => {
        socket.destroy();
        resolve(answered());
      }, 5000);
      socket.on('error', reject);
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('latin1');
        if (answered().length === 2) {
          clearTimeout(timer);
          socket.destroy();
          resolve(answered());
        }
      });
      socket.write(probe('a'.repeat(256 * 1024)) + probe());
    });
    expect(statuses).toEqual(['200', '200']);
    expect(reached).toEqual([]);
  });

  it('leaves every other request to Fastify: a query string, other methods and paths, a HEAD with credentials', async () => {
    const live = await send(port, 'GET', '/health/live?verbose=1');
    expect(live.status).toBe(200);
    expect(live.body).toBe('{"status":"ok"}');
    expect((await send(port, 'HEAD', '/health/live', { authorization: 'Bearer not-a-token' })).status).toBe(
      200,
    );
    expect((await send(port, 'POST', '/health/live')).status).toBe(404);
    expect((await send(port, 'GET', '/health/live/')).status).toBe(404);
    expect((await send(port, 'GET', '/health/ready')).status).toBe(200);
    expect(reached).toEqual([
      'GET /health/live?verbose=1',
      'HEAD /health/live',
      'POST /health/live',
      'GET /health/live/',
      'GET /health/ready',
    ]);
  });

  it('counts each probe in the HTTP metrics under the labels the pipeline uses', async () => {
    const series = (method: string, metric: string) =>
      `${metric}{method="${method}",route="/health/live",status="200"}`;
    const read = async () => (await send(port, 'GET', '/metrics')).body;
    const before = await read();
    for (let i = 0; i < 3; i++) await send(port, 'GET', '/health/live');
    for (let i = 0; i < 2; i++) await send(port, 'HEAD', '/health/live');
    const after = await read();
    for (const [method, n] of [
      ['GET', 3],
      ['HEAD', 2],
    ] as const) {
      for (const metric of ['http_requests_total', 'http_request_duration_seconds_count']) {
        const name = series(method, metric);
        expect(metricValue(after, name) - metricValue(before, name)).toBe(n);
      }
    }
    expect(reached).toEqual(['GET /metrics', 'GET /metrics']);
  });

  it('refuses probes once the application is closing, as the pipeline refuses every request', async () => {
    const closing = await recordingApp();
    try {
      closing.app.get(ShutdownState).onModuleDestroy(); // what app.close() does first
      const refused = await send(closing.port, 'GET', '/health/live', {
        'x-request-id': 'closing-probe-0001',
      });
      expect(refused.status).toBe(503);
      expect(JSON.parse(refused.body)).toMatchObject({
        success: false,
        error: { code: 'SERVICE_UNAVAILABLE' },
        meta: { requestId: 'closing-probe-0001' },
      });
      const headers = new Map(refused.headers);
      expect(headers.get('connection')).toBe('close');
      expect(headers.get('x-request-id')).toBe('closing-probe-0001');
      expect(closing.reached).toEqual(['GET /health/live']);
    } finally {
      await closing.app.close();
    }
  });

  it('leaves probes to the pipeline while the access log writes their lines (debug)', async () => {
    // the process's one root logger, which the access log writes through
    const root = PinoLogger.root;
    const level = root.level;
    root.level = 'debug';
    try {
      expect((await send(port, 'GET', '/health/live')).status).toBe(200);
    } finally {
      root.level = level;
    }
    expect((await send(port, 'GET', '/health/live')).status).toBe(200);
    expect(reached).toEqual(['GET /health/live']);
  });

  it('leaves probes to the pipeline when CORS is configured: its headers depend on the request', async () => {
    const origin = 'https://app.example.test';
    const cors = await recordingApp({ CORS_ORIGINS: origin });
    try {
      const res = await send(cors.port, 'GET', '/health/live', { origin });
      expect(res.status).toBe(200);
      expect(new Map(res.headers).get('access-control-allow-origin')).toBe(origin);
      expect(cors.reached).toEqual(['GET /health/live']);
    } finally {
      await cors.app.close();
    }
  });
});
