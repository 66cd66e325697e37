import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Meta, Pagination } from '../../common/http/api-envelope.decorator';
import { refineDocument } from './refine-document';
import { JsonObject } from './walk';

const DESCRIPTION = [
  'API-first support-ticket backend. Every `/api/v1` response is an envelope: `{success, data, meta}`,',
  '`{success, data[], pagination, meta}` for lists, or `{success: false, error: {code, message, details?}, meta}`.',
  '`meta.requestId` equals the `X-Request-Id` header (a client-sent UUID is kept).',
  "Resources outside the caller's scope answer 404 exactly like missing ones.",
  'Unknown body properties are rejected with 400; unknown query parameters are ignored.',
  'Requests without credentials, or whose credentials fail (401), are limited per client IP before',
  'authentication (`RATE_LIMIT_ANONYMOUS_PER_IP` a minute, default 300): over it, every request from that IP',
  'answers 429 `RATE_LIMITED` with `Retry-After`, a token or not.',
  'Responses to authenticated requests carry `Cache-Control: no-store` unless documented otherwise; every',
  "response carries a strict Content-Security-Policy (`default-src 'none'`), Swagger UI a policy of its own.",
  '`GET /metrics` (Prometheus text) is open unless `METRICS_TOKEN` is set; then it wants',
  '`Authorization: Bearer <METRICS_TOKEN>` (security scheme `metrics`) and answers 401 otherwise.',
  'Requests refused before routing are answered in the same envelope with `VALIDATION_ERROR`: a URL too long',
  '(414), request headers too large (431), a request that cannot be parsed or a malformed URL (400).',
  'Every JSON body is refused over 1 MiB (413 `PAYLOAD_TOO_LARGE`) or when it is not `application/json` (415).',
  'A write that meets a concurrent change to what it refers to (another request removed it between the check and',
  'the write) answers 409 `CONFLICT` on any route: read again and retry.',
  'Path templates: `/api/v1/approvals/delegations/{id}` and `/api/v1/approvals/{id}/approve` (`/reject`,',
  '`/reassign`) have the same shape, so a template-only check calls them ambiguous; the server resolves them',
  'unambiguously (the literal `delegations` segment wins, and approval ids are UUIDs), and the paths are part of',
  'the contract, so they stay as they are. Redocly’s `no-ambiguous-paths` warning is accepted for these three',
  'paths only (`.redocly.lint-ignore.yaml`).',
].join(' ');

/** `TicketLinksController` + `create` → `ticketLinks.create`: stable as long as the class and method names are. */
export function operationIdOf(controllerKey: string, methodKey: string): string {
  const resource = controllerKey.replace(/Controller$/, '');
  return `${resource.charAt(0).toLowerCase()}${resource.slice(1)}.${methodKey}`;
}

/**
 * The OpenAPI document of the application's routes (global prefix set): served at /api/docs-json and committed as
 * openapi.json (`npm run openapi`). It reads only route metadata, so an application created with `preview: true`
 * (no database, no Redis) gives the same document as a running one.
 */
export function buildOpenApiDocument(app: INestApplication): JsonObject {
  const config = new DocumentBuilder()
    .setTitle('Helpdesk API')
    .setDescription(DESCRIPTION)
    .setVersion('1.0')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/', 'this server; every business path starts with /api/v1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, for GET /metrics when it is set' },
      'metrics',
    )
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-Inbound-Secret', description: 'INBOUND_EMAIL_SECRET' },
      'inboundSecret',
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'query',
        name: 'token',
        description: 'a stream token (POST /events/stream-token)',
      },
      'streamToken',
    )
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: operationIdOf,
    extraModels: [Meta, Pagination],
  });
  return refineDocument(document as unknown as JsonObject);
}

/** The document as committed: two-space JSON and a final newline, so diffs stay readable. */
export const serializeDocument = (document: unknown): string => `${JSON.stringify(document, null, 2)}\n`;
