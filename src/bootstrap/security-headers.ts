import helmet, { FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Everything the service serves is JSON, text or a file download: nothing may run, load, frame or submit anything.
 */
export const API_CONTENT_SECURITY_POLICY =
  "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Swagger UI's own policy: its page loads its scripts, styles and images from this origin only (no inline script:
 * its initialiser is a file of its own), needs inline styles (its stylesheet block and React's style attributes),
 * images as data: URIs, and calls this origin's API for "Try it out".
 */
export const SWAGGER_UI_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const isSwaggerUi = (url: string, docsPath: string): boolean => {
  const path = url.split('?')[0];
  return path === docsPath || path.startsWith(`${docsPath}/`);
};

/**
 * The headers @fastify/helmet sets with `options` on a plain route, found once at start-up: they depend on nothing in
 * the request. The plugin itself builds helmet's whole middleware chain again on every request (about a tenth of the
 * CPU of a cheap request), so the service sets this fixed set instead.
 */
export async function helmetHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const answer = async (withHelmet: boolean): Promise<Record<string, unknown>> => {
    const probe = Fastify({ logger: false });
    if (withHelmet) await probe.register(helmet, options);
    probe.get('/', (_request, reply) => reply.send(''));
    try {
      return (await probe.inject({ method: 'GET', url: '/' })).headers;
    } finally {
      await probe.close();
    }
  };
  const [plain, helmeted] = await Promise.all([answer(false), answer(true)]);
  return Object.fromEntries(
    Object.entries(helmeted)
      .filter(([name]) => !(name in plain))
      .map(([name, value]) => [name, String(value)]),
  );
}

/** What every response outside Swagger UI carries from the hook below: helmet's fixed headers and the strict policy. */
export const apiSecurityHeaders = (staticHeaders: Record<string, string>): Record<string, string> => ({
  ...staticHeaders,
  'content-security-policy': API_CONTENT_SECURITY_POLICY,
});

/**
 * - helmet's fixed headers (`staticHeaders`, see helmetHeaders) on every response;
 * - a strict Content-Security-Policy on every response, and Swagger UI's own policy on its page and assets;
 * - `Cache-Control: no-store` on every response to an authenticated request that sets no caching of its own, so no
 *   shared cache or browser history keeps a user's data.
 */
export function useSecurityHeaders(
  fastify: FastifyInstance,
  docsPath: string,
  staticHeaders: Record<string, string>,
): void {
  const api = apiSecurityHeaders(staticHeaders);
  const swaggerUi = { ...staticHeaders, 'content-security-policy': SWAGGER_UI_CONTENT_SECURITY_POLICY };
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(isSwaggerUi(request.url, docsPath) ? swaggerUi : api);
    done();
  });
  fastify.addHook(
    'onSend',
    (request: FastifyRequest & { user?: unknown }, reply, payload, done: (err: null, p: unknown) => void) => {
      if (request.user !== undefined && !reply.hasHeader('cache-control'))
        void reply.header('cache-control', 'no-store');
      done(null, payload);
    },
  );
}
