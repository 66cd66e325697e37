import type { IncomingMessage } from 'node:http';
import multipart from '@fastify/multipart';
import { DynamicModule, INestApplication, RequestMethod, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Logger, PinoLogger } from 'nestjs-pino';
import { errorBody, requestIdFrom } from '../common/http/envelope';
import { ErrorCode, statusOf } from '../common/errors/error-codes';
import { jsonNestsDeeperThan, MAX_JSON_BODY_DEPTH, tooDeeplyNested } from '../common/http/json-limits';
import { mayHoldLoneSurrogates, wellFormedJson } from '../common/text/well-formed';
import { accessLogWrites, useRequestLogging } from '../infrastructure/logging/request-logging';
import { answerLivenessEarly, LIVENESS_PATH, LivenessFastPath } from '../infrastructure/health/liveness';
import { ShutdownState } from '../infrastructure/health/shutdown-state';
import { MetricsService } from '../infrastructure/metrics/metrics.service';
import { usePreAuthRateLimit } from '../infrastructure/rate-limit/pre-auth-rate-limit';
import { RateLimiter } from '../common/rate-limit/rate-limiter';
import { environment } from '../config/configuration';
import type { TrustProxy } from '../config/trust-proxy';
import { answerClientError } from './client-errors';
import { routeOf } from '../common/http/route-of';
import { apiSecurityHeaders, helmetHeaders, useSecurityHeaders } from './security-headers';
import { buildOpenApiDocument } from './openapi/openapi-document';

export const API_PREFIX = 'api/v1';
const DOCS_PATH = 'api/docs';
const JSON_BODY_LIMIT = 1024 * 1024;

export interface CreateAppOptions {
  /** buffer Nest's own start-up logs until pino is ready (off in tests to see failures at once) */
  bufferLogs?: boolean;
  /** TRUST_PROXY: whose X-Forwarded-For entries count for request.ip (none unless given) */
  trustProxy?: TrustProxy;
}

/**
 * Fastify's form of TRUST_PROXY. A hop count becomes a function trusting the nearest `hops` addresses (the socket's
 * peer is hop 0), so request.ip is the address the outermost trusted proxy saw, never an entry the client wrote in
 * front of it (this Fastify trusts no hop at all for a bare number).
 */
export function fastifyTrustProxy(
  trust: TrustProxy,
): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address: string, hop: number) => hop < trust;
  return trust === false ? false : [...trust];
}

/** Builds the Fastify-based Nest application with everything the contract expects of every route. */
export async function createApp(
  rootModule: Type | DynamicModule,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const liveness = new LivenessFastPath();
  const adapter = new FastifyAdapter({
    serverFactory: liveness.serverFactory,
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: fastifyTrustProxy(options.trustProxy ?? false),
    // Fastify's own answer while closing bypasses every hook and the envelope: refuseWhileClosing answers instead
    return503OnClosing: false,
    clientErrorHandler: answerClientError,
    // Malformed URLs and over-long path parameters are refused before routing: answer them in the envelope too.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const notFound = error.code === 'FST_ERR_MAX_PARAM_LENGTH'; // no id that long exists
      const code = notFound ? ErrorCode.NOT_FOUND : ErrorCode.VALIDATION_ERROR;
      void reply
        .status(statusOf(code))
        .header('x-request-id', request.id)
        .send(errorBody(request.id, code, notFound ? 'Not found' : 'The URL is not valid'));
    },
    genReqId: (req: IncomingMessage) => requestIdFrom(req.headers['x-request-id']),
    // no Nest middleware is used (the access log is a Fastify hook), so @fastify/middie is not registered at all
    skipMiddie: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    bufferLogs: options.bufferLogs ?? true,
  });
  app.useLogger(app.get(Logger));
  await configureApp(app, liveness);
  return app;
}

async function configureApp(app: NestFastifyApplication, liveness: LivenessFastPath): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(MetricsService);
  const shutdown = app.get(ShutdownState);
  refuseWhileClosing(fastify, shutdown);

  const corsOrigins = environment().CORS_ORIGINS;
  if (corsOrigins) {
    // browsers on these origins may call the API; without CORS_ORIGINS no CORS header is ever sent
    app.enableCors({
      origin: corsOrigins
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o.length > 0),
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE'],
      exposedHeaders: [
        'X-Request-Id',
        'RateLimit-Limit',
        'RateLimit-Remaining',
        'RateLimit-Reset',
        'Retry-After',
      ],
      maxAge: 600,
    });
  }
  // helmet's other headers; the Content-Security-Policy comes from useSecurityHeaders (Swagger UI has its own)
  const helmet = await helmetHeaders({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });
  useSecurityHeaders(fastify, `/${DOCS_PATH}`, helmet);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  // after the headers every response carries, before the rate limits and everything else a probe has no use for
  answerLivenessEarly(fastify);
  // uploads stream to storage; per-route limits (size from ATTACHMENT_MAX_BYTES) are set where the parts are read
  await app.register(multipart, { limits: { files: 1, fields: 10, fieldSize: 1024, parts: 20 } });

  useBoundedJsonParser(app);
  // before every other request hook (the inbound mail secret check included), so a refused client costs nothing more
  usePreAuthRateLimit(fastify, app.get(RateLimiter), environment().RATE_LIMIT_ANONYMOUS_PER_IP);

  fastify.addHook('onResponse', (request, reply, done) => {
    const route = routeOf(request).url ?? 'unmatched';
    metrics.observeHttp(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  const root = PinoLogger.root as Parameters<typeof useRequestLogging>[1] | undefined;
  if (!root) throw new Error('the pino logger is not ready');
  useRequestLogging(fastify, root);
  if (!corsOrigins) {
    // what the hooks above send on a probe, without running them (CORS headers depend on the request: not then)
    liveness.arm({
      headers: apiSecurityHeaders(helmet),
      refusing: () => shutdown.closing,
      logged: () => accessLogWrites(root, 200, LIVENESS_PATH),
      observer: (method, route, status) => metrics.boundHttpObserver(method, route, status),
    });
  }
  useApiPrefix(app);
  setupSwagger(app);
}

/**
 * Once app.close() has begun (after the drain), a request that still arrives on a kept-alive connection is told to
 * go elsewhere: 503 SERVICE_UNAVAILABLE in the envelope, with its request id, and the connection closed. First of
 * the request hooks, so it costs nothing and touches neither Redis nor the database.
 */
function refuseWhileClosing(fastify: FastifyInstance, shutdown: ShutdownState): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!shutdown.closing) {
      done();
      return;
    }
    const body = errorBody(
      request.id,
      ErrorCode.SERVICE_UNAVAILABLE,
      'This instance is shutting down; send the request again',
    );
    void reply
      .status(statusOf(ErrorCode.SERVICE_UNAVAILABLE))
      .header('connection', 'close')
      .header('x-request-id', request.id)
      .send(body);
  });
}

/** Business routes under /api/v1; the operational ones (probes, metrics) at the root. */
export function useApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
}

/**
 * JSON bodies (at most 1 MiB) nesting deeper than MAX_JSON_BODY_DEPTH are refused with 400 before they are parsed, so
 * nothing after the parser (class-transformer, validators, the NUL scan) ever recurses into an arbitrarily deep value.
 * Fastify's own parser does the rest, prototype-poisoning checks included. A lone surrogate a JSON escape spelled
 * becomes U+FFFD (see wellFormedJson); only a body holding such an escape is walked for that.
 */
function useBoundedJsonParser(app: NestFastifyApplication): void {
  const parse = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit: JSON_BODY_LIMIT }, (request, body, done) => {
    if (jsonNestsDeeperThan(body, MAX_JSON_BODY_DEPTH)) {
      done(tooDeeplyNested('body'), undefined);
      return;
    }
    const text = body.toString('utf8');
    if (!mayHoldLoneSurrogates(text)) {
      void parse(request as FastifyRequest, text, done);
      return;
    }
    void parse(request as FastifyRequest, text, (err, value) =>
      err ? done(err, undefined) : done(null, wellFormedJson(value)),
    );
  });
}

function setupSwagger(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(DOCS_PATH, app, document as unknown as OpenAPIObject, {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    useGlobalPrefix: false,
    // no badge fetched from validator.swagger.io: Swagger UI's policy allows this origin only
    swaggerOptions: { validatorUrl: null },
  });
}
