import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RateLimitedError } from '../../common/errors/domain-errors';
import { rateLimitHeaders } from '../../common/rate-limit/rate-limit-headers';
import { RateLimiter, RateLimitState } from '../../common/rate-limit/rate-limiter';
import { routeOf } from '../../common/http/route-of';

const WINDOW_SECONDS = 60;
/** Probes and scrapers call these anonymously, often, from few addresses: they count only when credentials fail. */
const OPERATIONAL_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);
const COUNTED = Symbol('preAuthCounted');
/**
 * How long an IP found within its budget is taken to still be: credentialed requests from it within that time are
 * not refused and cost no Redis round trip (otherwise every authenticated request would pay one, before its session
 * read). A spent budget is never remembered, and a count that reaches the limit on this instance forgets the IP at once,
 * so on one instance nothing changes; an IP that spends its budget through another replica is refused here up to this
 * much later.
 */
const WITHIN_BUDGET_MS = 1000;
/** Bound on the remembered IPs (cleared when reached; a forgotten IP is simply asked about again). */
const MAX_REMEMBERED = 10_000;

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
  const withinBudgetUntil = new Map<string, number>();
  const remember = (k: string): void => {
    if (withinBudgetUntil.size >= MAX_REMEMBERED) withinBudgetUntil.clear();
    withinBudgetUntil.set(k, Date.now() + WITHIN_BUDGET_MS);
  };
  /** after a hit: a budget now spent (the next peek would refuse) is not taken as within any more */
  const counted = (k: string, state: RateLimitState): void => {
    if (state.remaining === 0) withinBudgetUntil.delete(k);
  };

  // callback-style hooks: a request that needs no Redis (a probe, a preflight, any answer but a 401) costs no promise
  fastify.addHook('onRequest', (request: Tracked, reply: FastifyReply, done: (err?: Error) => void) => {
    if (request.method === 'OPTIONS') return done(); // CORS preflights: answered without any work
    if (presentsCredentials(request)) {
      const k = key(request);
      if ((withinBudgetUntil.get(k) ?? 0) > Date.now()) return done();
      limiter.peek(k, perMinute, WINDOW_SECONDS).then((state) => {
        if (state.allowed) {
          remember(k);
          return done();
        }
        withinBudgetUntil.delete(k);
        void reply.headers(rateLimitHeaders(state));
        done(new RateLimitedError(state.resetSeconds));
      }, done);
      return;
    }
    if (OPERATIONAL_ROUTES.has(routeOf(request).url ?? '')) return done();
    const k = key(request);
    limiter.hit(k, perMinute, WINDOW_SECONDS).then((state) => {
      request[COUNTED] = true;
      counted(k, state);
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
      const k = key(request);
      limiter.hit(k, perMinute, WINDOW_SECONDS).then(
        (state) => {
          counted(k, state);
          done(null, payload);
        },
        (err: Error) => done(err),
      );
    },
  );
}
