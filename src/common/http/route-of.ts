import type { FastifyRequest } from 'fastify';

/** What the request hooks read about the matched route. */
export interface RouteFacts {
  /** the route template (`/api/v1/tickets/:id`), undefined when no route matched */
  url: string | undefined;
  config: Readonly<Record<string, unknown>> | undefined;
}

const FACTS = Symbol('routeFacts');
type Cached = FastifyRequest & { [FACTS]?: RouteFacts };

/**
 * The matched route's template and config, read once per request: Fastify's `request.routeOptions` builds a new object
 * on every read, and several hooks ask on every request.
 */
export function routeOf(request: FastifyRequest): RouteFacts {
  const cached = request as Cached;
  let facts = cached[FACTS];
  if (!facts) {
    const options = request.routeOptions;
    facts = { url: options.url, config: options.config as unknown as RouteFacts['config'] };
    cached[FACTS] = facts;
  }
  return facts;
}
