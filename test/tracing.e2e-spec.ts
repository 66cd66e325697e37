import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { makeDepartment, makeUser, unique } from './support/factories';
import { productionEnv, ServiceProcess, startListening } from './support/process';
import { Hooks, startHooks } from './support/mailing';
import { eventually } from './support/webhook-receiver';

jest.setTimeout(120_000);

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  service: string;
  attributes: Record<string, unknown>;
}

type AnyValue = {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
};
const valueOf = (v: AnyValue): unknown => v.stringValue ?? v.intValue ?? v.boolValue ?? v.doubleValue;
const attributesOf = (list: Array<{ key: string; value: AnyValue }> = []) =>
  Object.fromEntries(list.map((a) => [a.key, valueOf(a.value)]));

/** A local OTLP/HTTP receiver: takes JSON trace exports on /v1/traces, as a collector would. */
class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly contentTypes: string[] = [];
  private server?: Server;
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method !== 'POST' || req.url !== '/v1/traces') {
          res.writeHead(404).end();
          return;
        }
        this.contentTypes.push(String(req.headers['content-type']));
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans: Array<{
            resource: { attributes: Array<{ key: string; value: AnyValue }> };
            scopeSpans: Array<{
              spans: Array<Omit<ReceivedSpan, 'service' | 'attributes'> & { attributes: [] }>;
            }>;
          }>;
        };
        for (const rs of body.resourceSpans) {
          const service = String(attributesOf(rs.resource.attributes)['service.name']);
          for (const ss of rs.scopeSpans)
            for (const s of ss.spans)
              this.spans.push({ ...s, service, attributes: attributesOf(s.attributes) });
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  inTrace(traceId: string): ReceivedSpan[] {
    return this.spans.filter((s) => s.traceId === traceId);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}

const SERVER = 2;
const CONSUMER = 5;

/**
 * Tracing as an operator meets it: the built service, started as production starts it, exports spans over OTLP to
 * a local receiver; a request's trace spans its SQL, the event it wrote and the webhook delivered for it.
 */
describe('tracing (e2e)', () => {
  let hooks: Hooks;
  let otlp: OtlpReceiver;
  let service: ServiceProcess;
  let base: string;

  beforeAll(async () => {
    // the database, its Redis key prefix (named as productionEnv names it) and a quick outbox poll
    [hooks, otlp] = await Promise.all([startHooks('trace'), new OtlpReceiver().start()]);
    ({ service, base } = await startListening(
      productionEnv('trace', {
        ...hooks.env,
        WORKER_IN_PROCESS: 'true',
        BCRYPT_COST: '4',
        SHUTDOWN_DRAIN_MS: '0',
        WEBHOOK_ALLOW_PRIVATE: 'true',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlp.port}`,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '200',
      }),
    ));
  });
  afterAll(async () => {
    await service?.stop();
    await otlp?.stop();
    await hooks?.stop();
  });

  it('joins a request to its caller’s trace and carries it through the outbox to the webhook delivery', async () => {
    const admin = await makeUser({ role: 'ADMIN' });
    const requester = await makeUser();
    const dept = await makeDepartment();
    const token = async (email: string, password: string) =>
      (await request(base).post('/api/v1/auth/login').send({ email, password }).expect(200)).body.data
        .accessToken as string;
    await request(base)
      .post('/api/v1/admin/webhooks')
      .set('Authorization', `Bearer ${await token(admin.email, admin.password)}`)
      .send({ url: hooks.receiver.url('/traced'), events: ['ticket.created'] })
      .expect(201);

    const traceId = randomBytes(16).toString('hex');
    const marker = unique('secret-text');
    const callerSpan = randomBytes(8).toString('hex');
    const created = await request(base)
      .post('/api/v1/tickets')
      .set('Authorization', `Bearer ${await token(requester.email, requester.password)}`)
      .set('traceparent', `00-${traceId}-${callerSpan}-01`)
      .send({
        title: `Trace me ${marker}`,
        description: `from request to webhook ${marker}`,
        departmentId: dept.id,
      })
      .expect(201);

    // the delivery itself carries the trace on to the receiver
    const [delivery] = await eventually(
      () => hooks.receiver.on('/traced').length > 0 && hooks.receiver.on('/traced'),
      30_000,
    );
    expect(delivery.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(JSON.parse(delivery.body).data.ticket.id).toBe(created.body.data.id);

    const spans = await eventually(
      () => {
        const found = otlp.inTrace(traceId);
        // each span is exported when it ends, in batches: the fan-out's may end after the webhook job's
        const done = [/events/, /webhooks/].every((queue) =>
          found.some((s) => s.kind === CONSUMER && queue.test(s.name)),
        );
        return done && found.some((s) => s.attributes['http.url'] ?? s.attributes['url.full'])
          ? found
          : undefined;
      },
      30_000,
      'the spans of the whole trace',
    );
    const names = spans.map((s) => s.name);
    // the request, child of the caller's span
    const server = spans.find((s) => s.kind === SERVER);
    expect(server?.parentSpanId).toBe(callerSpan);
    expect(server?.service).toBe('helpdesk-api');
    // its SQL
    expect(
      spans.some(
        (s) => s.attributes['db.system'] === 'postgresql' || s.attributes['db.system.name'] === 'postgresql',
      ),
    ).toBe(true);
    expect(names.some((n) => /INSERT/i.test(n) || /pg\.query/.test(n))).toBe(true);
    // the event's fan-out and the webhook job, in the same trace although the outbox relay queued them later
    expect(spans.some((s) => s.kind === CONSUMER && /events/.test(s.name))).toBe(true);
    expect(spans.some((s) => s.kind === CONSUMER && /webhooks/.test(s.name))).toBe(true);
    // and the outgoing POST to the receiver
    expect(
      spans.some((s) =>
        [s.attributes['url.full'], s.attributes['http.url']].some(
          (url) => typeof url === 'string' && url.includes('/traced'),
        ),
      ),
    ).toBe(true);
    expect(otlp.contentTypes[0]).toMatch(/application\/json/);
    // Redis spans name their command only: the queued event's data (the ticket's text here; a reset link in a
    // mail job) never reaches the tracing backend
    const redisSpans = spans.filter(
      (s) => s.attributes['db.system'] === 'redis' || s.attributes['db.system.name'] === 'redis',
    );
    expect(redisSpans.length).toBeGreaterThan(0);
    expect(JSON.stringify(otlp.spans)).not.toContain(marker);
    // an event stream's token in the URL is hidden in the request's span, as in the access log
    const streamToken = unique('stream-token');
    await request(base).get(`/api/v1/events/stream?token=${streamToken}`).expect(401);
    await eventually(
      () =>
        otlp.spans.some((s) => {
          const query = s.attributes['url.query'];
          return typeof query === 'string' && query.includes('token=REDACTED');
        }),
      15_000,
      "the stream request's span",
    );
    expect(JSON.stringify(otlp.spans)).not.toContain(streamToken);
    // probes are not traced
    await request(base).get('/health/live').expect(200);
  });

  it('loads neither the SDK nor any instrumentation when no endpoint is set', async () => {
    const dist = join(__dirname, '..', 'dist');
    const script = `
      require(${JSON.stringify(join(dist, 'tracing.js'))});
      require(${JSON.stringify(join(dist, 'app.module.js'))});
      // the no-op API package is prom-client's (exemplars); the SDK, exporters and instrumentations must stay out
      const loaded = Object.keys(require.cache).filter(
        (k) => /@opentelemetry\\/(?!api\\/)|bullmq-otel|@fastify\\/otel/.test(k));
      process.stdout.write(JSON.stringify(loaded));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
      env: { PATH: process.env.PATH ?? '' },
      cwd: join(__dirname, '..'),
    });
    expect(JSON.parse(stdout)).toEqual([]);
  });
});

/**
 * The sampling setting as the tracing bootstrap reads it: a process started with dist/tracing.js first (as main.js
 * and worker.js are) serves plain HTTP, and what reaches the receiver shows which requests were kept.
 */
describe('trace sampling (e2e)', () => {
  let otlp: OtlpReceiver;
  beforeAll(async () => {
    otlp = await new OtlpReceiver().start();
  });
  afterAll(async () => {
    await otlp?.stop();
  });

  const DIST = join(__dirname, '..', 'dist');
  // an HTTP server behind the tracing bootstrap; GET /flush sends the buffered spans and ends the process
  const SCRIPT = `
    require(${JSON.stringify(join(DIST, 'tracing.js'))});
    const { shutdownTracing } = require(${JSON.stringify(join(DIST, 'infrastructure', 'tracing', 'trace-context.js'))});
    const server = require('node:http').createServer((req, res) => {
      if (req.url !== '/flush') return res.end('ok');
      shutdownTracing().then(() => { res.end('flushed'); server.close(); });
    });
    server.listen(0, '127.0.0.1', () => process.stdout.write('port=' + server.address().port + '\\n'));`;

  /** Runs the script with these settings; `visit` calls it at its base URL; returns the spans of this run. */
  async function traced(env: Record<string, string>, visit: (base: string) => Promise<void>) {
    const service = `sampling-${unique()}`;
    const child = spawn(process.execPath, ['-e', SCRIPT], {
      cwd: tmpdir(), // no .env of the checkout
      env: {
        PATH: process.env.PATH ?? '',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlp.port}`,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: service,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const port = await eventually(() => /port=(\d+)/.exec(output)?.[1], 10_000, `a port from:\n${output}`);
      const base = `http://127.0.0.1:${port}`;
      await visit(base);
      await request(base).get('/flush').expect(200);
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    return otlp.spans.filter((s) => s.service === service);
  }

  const serverSpans = (spans: ReceivedSpan[]) => spans.filter((s) => s.kind === SERVER);

  it('keeps every request with OTEL_TRACES_SAMPLER_ARG=1', async () => {
    const spans = await traced({ OTEL_TRACES_SAMPLER_ARG: '1' }, async (base) => {
      await request(base).get('/a').expect(200);
      await request(base).get('/b').expect(200);
    });
    // (/flush ends after the spans are sent)
    expect(serverSpans(spans).map((s) => s.attributes['url.path'])).toEqual(['/a', '/b']);
  });

  it('keeps no new trace with a ratio of 0, but still follows a caller that keeps its trace', async () => {
    const traceId = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const spans = await traced({ OTEL_TRACES_SAMPLER_ARG: '0' }, async (base) => {
      await request(base).get('/unsampled').expect(200);
      await request(base).get('/kept').set('traceparent', `00-${traceId}-${callerSpan}-01`).expect(200);
      await request(base)
        .get('/dropped-by-caller')
        .set('traceparent', `00-${randomBytes(16).toString('hex')}-${callerSpan}-00`)
        .expect(200);
    });
    // the only span is the one whose caller sampled it: parent-based by default
    expect(serverSpans(spans).map((s) => [s.attributes['url.path'], s.traceId, s.parentSpanId])).toEqual([
      ['/kept', traceId, callerSpan],
    ]);
  });

  it('keeps nothing with always_off, even where a caller sampled the trace', async () => {
    const spans = await traced({ OTEL_TRACES_SAMPLER: 'always_off' }, async (base) => {
      await request(base)
        .get('/ignored')
        .set('traceparent', `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`)
        .expect(200);
    });
    expect(spans).toEqual([]);
  });

  it('refuses an unknown sampler with one line before serving', async () => {
    const run = await promisify(execFile)(process.execPath, ['-e', SCRIPT], {
      cwd: tmpdir(),
      env: {
        PATH: process.env.PATH ?? '',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlp.port}`,
        OTEL_TRACES_SAMPLER: 'sometimes',
      },
    }).catch((err: { code: number; stdout: string; stderr: string }) => err);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect((run as { stderr: string }).stderr).toMatch(
      /^Invalid configuration: OTEL_TRACES_SAMPLER must be one of [^\n]+\n$/,
    );
  });
});
