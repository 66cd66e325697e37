import type { FastifyInstance } from 'fastify';
import { routeOf } from '../../common/http/route-of';

export const LIVENESS_PATH = '/health/live';
/** What HealthController.live answers, serialized once. */
const LIVE_BODY = JSON.stringify({ status: 'ok' });
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * `GET /health/live` answered in Fastify's `onRequest`, by the hook this adds, so a probe never reaches what it has no
 * use for: the rate limits, the body parser, the request context, Nest's guards, pipes and interceptors. Registered
 * after the hooks whose work every response carries (the refusal while closing, CORS, the security headers,
 * `X-Request-Id`), so the answer has those; the response hooks (metrics, access log) still see it.
 *
 * HealthController.live stays the route's declaration (OpenAPI) and answers what this hook leaves to it (HEAD).
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
