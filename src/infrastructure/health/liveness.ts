import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyServerFactory, FastifyServerFactoryHandler } from 'fastify';
import { requestIdFrom } from '../../common/http/envelope';
import { routeOf } from '../../common/http/route-of';

export const LIVENESS_PATH = '/health/live';
/** What HealthController.live answers, serialized once. */
const LIVE_BODY = JSON.stringify({ status: 'ok' });
const LIVE_LENGTH = String(Buffer.byteLength(LIVE_BODY));
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * `GET /health/live` answered in Fastify's `onRequest`, by the hook this adds, so a probe never reaches what it has no
 * use for: the rate limits, the body parser, the request context, Nest's guards, pipes and interceptors. Registered
 * after the hooks whose work every response carries (the refusal while closing, CORS, the security headers,
 * `X-Request-Id`), so the answer has those; the response hooks (metrics, access log) still see it.
 *
 * HealthController.live stays the route's declaration (OpenAPI) and answers what this hook leaves to it (HEAD).
 * LivenessFastPath answers most probes before they reach Fastify at all; this hook answers the ones it leaves.
 */
export function answerLivenessEarly(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.method !== 'GET' || routeOf(request).url !== LIVENESS_PATH) {
      done();
      return;
    }
    // answered here: the remaining onRequest hooks and everything after them are skipped (done is not called)
    void reply.header('content-type', JSON_TYPE).send(LIVE_BODY);
  });
}

/** What the fast path needs of the configured application: it answers nothing until it has it. */
export interface LivenessContext {
  /** the headers the request hooks put on every API response before anything else (the security headers) */
  headers: Readonly<Record<string, string>>;
  /** while true (app.close() has begun), requests go to Fastify, whose first hook refuses them */
  refusing: () => boolean;
  /** whether the access log writes the line of a successful probe (Fastify's hooks then answer, and write it) */
  logged: () => boolean;
  /** the HTTP metrics' observation of an answer with these labels (the response hook's for the same answer) */
  observer: (method: string, route: string, status: number) => (seconds: number) => void;
}

/**
 * `GET` and `HEAD /health/live`, exactly as the pipeline answers them (see answerLivenessEarly and
 * HealthController.live), before Fastify builds its request and reply and runs the hooks that set those very headers:
 * a liveness probe then costs about what a bare Node.js answer does. Installed as Fastify's `serverFactory`, so
 * everything else (and every probe this cannot answer identically) goes to Fastify untouched:
 * - only the exact path: a query string, a trailing slash or any other form is routed as before;
 * - not while the application refuses requests (the refusal is Fastify's first hook);
 * - not when the access log would write the probe's line (LOG_LEVEL=debug), nor with CORS configured (its hook adds
 *   headers that depend on the request): the application does not arm it then;
 * - not a HEAD with credentials: HealthController answers HEAD after the pre-auth rate limit, which may refuse those.
 */
export class LivenessFastPath {
  private context?: LivenessContext;
  /**
   * the answer's headers as name, value, … in the order the pipeline sends them; the request id's value is set in
   * place for each probe (writeHead turns them into the header block at once and keeps no reference to the array)
   */
  private head: string[] = [];
  private idAt = 0;
  /** the metrics of a GET and a HEAD answered 200, their series looked up once */
  private observeGet: (seconds: number) => void = () => undefined;
  private observeHead: (seconds: number) => void = () => undefined;

  /** Fastify's `serverFactory` option: the HTTP server Fastify would make itself, probes answered in front of it. */
  readonly serverFactory: FastifyServerFactory<Server> = (
    handler: FastifyServerFactoryHandler<Server>,
    options: Record<string, unknown>,
  ) => {
    const server = createServer(
      (options.http ?? {}) as Parameters<typeof createServer>[0],
      (request: IncomingMessage, response: ServerResponse) => {
        if (!this.answered(request, response)) handler(request, response);
      },
    );
    // what Fastify sets on the server it makes itself (lib/server.js), from its defaulted options
    server.keepAliveTimeout = options.keepAliveTimeout as number;
    server.requestTimeout = options.requestTimeout as number;
    server.setTimeout(options.connectionTimeout as number);
    const perSocket = options.maxRequestsPerSocket as number;
    if (perSocket > 0) server.maxRequestsPerSocket = perSocket;
    return server;
  };

  arm(context: LivenessContext): void {
    const fixed = Object.entries(context.headers).flat();
    this.idAt = fixed.length + 1;
    this.head = [...fixed, 'x-request-id', '', 'content-type', JSON_TYPE, 'content-length', LIVE_LENGTH];
    this.observeGet = context.observer('GET', LIVENESS_PATH, 200);
    this.observeHead = context.observer('HEAD', LIVENESS_PATH, 200);
    this.context = context;
  }

  private answered(request: IncomingMessage, response: ServerResponse): boolean {
    const context = this.context;
    if (request.url !== LIVENESS_PATH || context === undefined) return false;
    const method = request.method;
    const head = method === 'HEAD';
    if (method !== 'GET' && !head) return false;
    if (
      head &&
      (request.headers.authorization !== undefined || request.headers['x-inbound-secret'] !== undefined)
    )
      return false;
    if (context.refusing() || context.logged()) return false;
    const started = performance.now();
    // A probe carries no body: read(0) marks its request consumed, so once it is answered Node does not resume it to
    // drain the empty body, then end and destroy it: eight next ticks fewer a probe, each of which also runs every
    // AsyncLocalStorage's init hook. A request that announces a body is left for Node to drain (left unread, a large
    // one would stop the connection's reading).
    if (request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined)
      request.read(0);
    const headers = this.head;
    headers[this.idAt] = requestIdFrom(request.headers['x-request-id']);
    response.writeHead(200, headers);
    if (head) {
      response.end();
      this.observeHead((performance.now() - started) / 1000);
    } else {
      response.end(LIVE_BODY);
      this.observeGet((performance.now() - started) / 1000);
    }
    return true;
  }
}
