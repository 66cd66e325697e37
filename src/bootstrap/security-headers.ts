import type { FastifyInstance, FastifyRequest } from 'fastify';

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
 * - a strict Content-Security-Policy on every response, and Swagger UI's own policy on its page and assets;
 * - `Cache-Control: no-store` on every response to an authenticated request that sets no caching of its own, so no
 *   shared cache or browser history keeps a user's data.
 */
export function useSecurityHeaders(fastify: FastifyInstance, docsPath: string): void {
  fastify.addHook('onRequest', async (request, reply) => {
    const swagger = isSwaggerUi(request.url, docsPath);
    void reply.header(
      'content-security-policy',
      swagger ? SWAGGER_UI_CONTENT_SECURITY_POLICY : API_CONTENT_SECURITY_POLICY,
    );
  });
  fastify.addHook('onSend', async (request: FastifyRequest & { user?: unknown }, reply) => {
    if (request.user !== undefined && !reply.hasHeader('cache-control'))
      void reply.header('cache-control', 'no-store');
  });
}
