import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RateLimitedError } from '../../common/errors/domain-errors';
import { rateLimitHeaders } from '../../common/rate-limit/rate-limit-headers';
import { RateLimiter } from '../../common/rate-limit/rate-limiter';
import { routeOf } from '../../common/http/route-of';

const WINDOW_SECONDS = 60;
/** Probes and scrapers call these anonymously, often, from few addresses: they count only when credentials fail. */
const OPERATIONAL_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);
const COUNTED = Symbol('preAuthCounted');

type Tracked = FastifyRequest & { [COUNTED]?: boolean };

/** Credentials the service checks itself: a bearer token (or metrics token) or the inbound mail secret. */
const presentsCredentials = (request: FastifyRequest): boolean =>
  request.headers.authorization !== undefined || request.headers['x-inbound-secret'] !== undefined;

/**
 * RATE_LIMIT_ANONYMOUS_PER_IP: requests per minute per client IP that carry no credentials, or whose credentials fail
 * (a 401), counted in Redis across instances. It runs in Fastify's `onRequest`, before authentication, routing
 * guards and body parsing, so a client that spent its budget costs no token check and no body parse:
 * - a request without credentials counts at once (its answer carries the RateLimit-* headers), and over the limit
 *   answers 429;
 * - a request with credentials does not count, but is refused with 429 while its IP is over the limit (nothing can
 *   tell a good token from a bad one without checking it); when it then fails authentication (401), it counts.
 * Authenticated requests are limited per user by RATE_LIMIT_API_PER_MINUTE instead. 0 turns this limit off.
 */
export function usePreAuthRateLimit(fastify: FastifyInstance, limiter: RateLimiter, perMinute: number): void {
  if (perMinute === 0) return;
  const key = (request: FastifyRequest) => `pre-auth-ip:${request.ip}`;

  // callback-style hooks: a request that needs no Redis (a probe, a preflight, any answer but a 401) costs no promise
  fastify.addHook('onRequest', (request: Tracked, reply: FastifyReply, done: (err?: Error) => void) => {
    if (request.method === 'OPTIONS') return done(); // CORS preflights: answered without any work
    if (presentsCredentials(request)) {
      limiter.peek(key(request), perMinute, WINDOW_SECONDS).then((state) => {
        if (state.allowed) return done();
        void reply.headers(rateLimitHeaders(state));
        done(new RateLimitedError(state.resetSeconds));
      }, done);
      return;
    }
    if (OPERATIONAL_ROUTES.has(routeOf(request).url ?? '')) return done();
    limiter.hit(key(request), perMinute, WINDOW_SECONDS).then((state) => {
      request[COUNTED] = true;
      // a route with a limit of its own (login, guest tickets, …) replaces these with its own figures
      void reply.headers(rateLimitHeaders(state));
      done(state.allowed ? undefined : new RateLimitedError(state.resetSeconds));
    }, done);
  });

  // before the 401 leaves, so the client's next request already sees it counted
  fastify.addHook(
    'onSend',
    (
      request: Tracked,
      reply: FastifyReply,
      payload: unknown,
      done: (err: Error | null, p?: unknown) => void,
    ) => {
      if (reply.statusCode !== 401 || request[COUNTED]) return done(null, payload);
      request[COUNTED] = true;
      limiter.hit(key(request), perMinute, WINDOW_SECONDS).then(
        () => done(null, payload),
        (err: Error) => done(err),
      );
    },
  );
}
