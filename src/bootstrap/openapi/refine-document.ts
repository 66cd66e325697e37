import { PUBLIC_OPERATION } from '../../common/auth/public.decorator';
import {
  ForbiddenError,
  IdempotencyKeyReusedError,
  RateLimitedError,
  UnauthenticatedError,
  ValidationFailedError,
} from '../../common/errors/domain-errors';
import { ErrorCode, statusOf } from '../../common/errors/error-codes';
import { exampleOf } from './schema-examples';
import { isObject, JsonObject, mapSchemas, Operation, operationsOf, resolveRef } from './walk';

const BEARER = 'bearer';

const SUCCESS_TEXT: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
  '204': 'No content',
};

/** What every route of a kind can answer, unless it says more precisely itself. */
const SHARED_ERRORS: Record<number, string> = {
  400: `${ErrorCode.VALIDATION_ERROR}: a parameter or the body is not valid (\`details\` names each field)`,
  401: `${ErrorCode.UNAUTHENTICATED}: no valid access token`,
  404: `${ErrorCode.NOT_FOUND}: no such resource, or one outside your scope`,
  413: `${ErrorCode.PAYLOAD_TOO_LARGE}: the JSON body is over 1 MiB`,
  415: `${ErrorCode.UNSUPPORTED_MEDIA_TYPE}: the body is not \`application/json\``,
  429: `${ErrorCode.RATE_LIMITED}: too many requests; retry after \`Retry-After\` seconds`,
};

/** What an error of each code says: the error's own default message where it has one. */
const EXAMPLE_MESSAGES: Record<ErrorCode, string> = {
  [ErrorCode.VALIDATION_ERROR]: new ValidationFailedError().message,
  [ErrorCode.UNAUTHENTICATED]: new UnauthenticatedError().message,
  [ErrorCode.FORBIDDEN]: new ForbiddenError().message,
  [ErrorCode.NOT_FOUND]: 'Not found',
  [ErrorCode.CONFLICT]: 'This conflicts with the current state of the resource',
  [ErrorCode.INVALID_TRANSITION]: 'A ticket cannot move from CLOSED to OPEN',
  [ErrorCode.PAYLOAD_TOO_LARGE]: 'The request body is too large',
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 'This type of content is not accepted',
  [ErrorCode.IDEMPOTENCY_KEY_REUSED]: new IdempotencyKeyReusedError().message,
  [ErrorCode.RATE_LIMITED]: new RateLimitedError(1).message,
  [ErrorCode.INTERNAL_ERROR]: 'Internal server error',
  [ErrorCode.SERVICE_UNAVAILABLE]: 'The service is unavailable, try again later',
};

const ERROR_SCHEMAS: Record<string, JsonObject> = {
  ErrorCode: { type: 'string', enum: Object.values(ErrorCode) },
  FieldProblem: {
    type: 'object',
    properties: { field: { type: 'string', example: 'title' }, message: { type: 'string' } },
    required: ['field', 'message'],
  },
  ApiError: {
    type: 'object',
    properties: {
      code: { $ref: '#/components/schemas/ErrorCode' },
      message: { type: 'string' },
      details: {
        type: 'array',
        items: { $ref: '#/components/schemas/FieldProblem' },
        description: 'with VALIDATION_ERROR: one entry per field that is not valid',
      },
    },
    required: ['code', 'message'],
  },
  ErrorEnvelope: {
    type: 'object',
    description: 'Every error answer: never a stack trace, SQL or an internal message',
    properties: {
      success: { type: 'boolean', enum: [false] },
      error: { $ref: '#/components/schemas/ApiError' },
      meta: { $ref: '#/components/schemas/Meta' },
    },
    required: ['success', 'error', 'meta'],
  },
};

const EXAMPLE_META = {
  timestamp: '2026-01-01T00:00:00.000Z',
  requestId: '6f1c2a4e-0b7d-4a8e-9c3f-2d5e8b1a7c90',
};

/**
 * Turns the document @nestjs/swagger builds into one clients can trust, centrally, so that new routes comply
 * without extra decorators: OpenAPI 3.1 schemas (real `null` types instead of `nullable`, no one-member `allOf`),
 * `security: []` on public routes, error responses in the envelope with one example per code, query parameters with
 * a default not required, an example on every request body and a description on every response.
 */
export function refineDocument(source: JsonObject): JsonObject {
  const doc = structuredClone(source);
  doc.openapi = '3.1.0';
  const components = (doc.components ??= {}) as JsonObject;
  const schemas = (components.schemas ??= {}) as JsonObject;
  if (!isObject(schemas.Meta)) throw new Error('the Meta schema of the envelope is not registered');
  Object.assign(schemas, structuredClone(ERROR_SCHEMAS));
  mapSchemas(doc, toJsonSchema);

  for (const { path, op } of operationsOf(doc)) {
    refineSecurity(op);
    refineParameters(op);
    refineResponses(op, path);
    refineRequestBody(op, doc);
  }
  return doc;
}

/** OpenAPI 3.0 `nullable` → a `null` type; a one-member `allOf` → its member (3.1 allows siblings of `$ref`). */
function toJsonSchema(schema: JsonObject): JsonObject {
  let s = schema;
  const allOf = s.allOf;
  if (Array.isArray(allOf) && allOf.length === 1 && isObject(allOf[0])) {
    const { allOf: _single, nullable, type: _type, ...rest } = s;
    // the member says what the value is; `type: object` beside it (as @nestjs/swagger writes) adds nothing
    s = nullable === true ? { ...rest, anyOf: [allOf[0], { type: 'null' }] } : { ...allOf[0], ...rest };
  }
  if ('nullable' in s && typeof s.nullable === 'boolean') {
    const { nullable, ...rest } = s;
    s = rest;
    if (nullable && typeof s.type === 'string') {
      s.type = [s.type, 'null'];
      if (Array.isArray(s.enum) && !s.enum.includes(null)) s.enum = [...(s.enum as unknown[]), null];
    } else if (nullable && Array.isArray(s.type) && !s.type.includes('null')) {
      s.type = [...(s.type as unknown[]), 'null'];
    } else if (nullable && typeof s.$ref === 'string') {
      const { $ref, ...others } = s;
      s = { ...others, anyOf: [{ $ref }, { type: 'null' }] };
    }
  }
  return s;
}

function refineSecurity(op: Operation): void {
  const requirements = Array.isArray(op.security) ? (op.security as JsonObject[]) : undefined;
  if (op[PUBLIC_OPERATION] === true) {
    delete op[PUBLIC_OPERATION];
    // out of the global guard: no lock, unless the route checks credentials itself and says which (METRICS_TOKEN,
    // the inbound secret, a bearer or stream token on the event stream)
    op.security = requirements ?? [];
  }
  if (Array.isArray(op.security)) {
    const seen = new Set<string>();
    op.security = (op.security as JsonObject[]).filter((r) => {
      const key = JSON.stringify(r);
      return !seen.has(key) && seen.add(key) !== undefined;
    });
  }
}

/** A parameter that has a default need not be sent. */
function refineParameters(op: Operation): void {
  for (const p of (op.parameters as JsonObject[] | undefined) ?? []) {
    if (p.in === 'path') continue;
    if (isObject(p.schema) && p.schema.default !== undefined) p.required = false;
  }
}

function isPublic(op: Operation): boolean {
  return Array.isArray(op.security) && !op.security.some((r) => isObject(r) && BEARER in r);
}

function refineResponses(op: Operation, path: string): void {
  const responses = (op.responses ??= {}) as JsonObject;
  for (const [status, response] of Object.entries(responses)) {
    if (isObject(response) && !response.description) response.description = SUCCESS_TEXT[status] ?? status;
  }
  const params = (op.parameters as JsonObject[] | undefined) ?? [];
  const shared: number[] = [];
  if (!isPublic(op)) shared.push(401);
  if (params.some((p) => p.in === 'path')) shared.push(404);
  if (op.requestBody !== undefined || params.some((p) => p.in === 'query')) shared.push(400);
  // refused by the body parser before any route code runs
  if (takesJson(op)) shared.push(413, 415);
  shared.push(429);
  for (const status of shared) {
    if (responses[String(status)] === undefined)
      responses[String(status)] = { description: SHARED_ERRORS[status] };
  }
  for (const [status, response] of Object.entries(responses)) {
    const code = Number(status);
    if (!(code >= 400) || !isObject(response) || response.content !== undefined) continue;
    responses[status] = errorResponse(
      code,
      typeof response.description === 'string' ? response.description : '',
      path,
    );
  }
  // numeric order reads best in Swagger UI
  op.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

function takesJson(op: Operation): boolean {
  const body = op.requestBody;
  return isObject(body) && isObject(body.content) && 'application/json' in body.content;
}

/** The codes a description names ("CONFLICT: …; INVALID_TRANSITION: …"), or the status's own code. */
export function codesOf(status: number, description: string): ErrorCode[] {
  const named = Object.values(ErrorCode).filter(
    (c) => statusOf(c) === status && new RegExp(`\\b${c}\\b`).test(description),
  );
  if (named.length > 0) return named;
  const own = Object.values(ErrorCode).find((c) => statusOf(c) === status);
  return own ? [own] : [];
}

function errorResponse(status: number, description: string, path: string): JsonObject {
  const codes = codesOf(status, description);
  if (codes.length === 0) throw new Error(`no error code answers with ${status} (${path})`);
  const text = description.trim() || codes.join(', ');
  const lines = text.split(/;\s+|\n+/).filter((l) => l.trim().length > 0);
  const examples = Object.fromEntries(
    codes.map((code) => {
      const line = lines.find((l) => new RegExp(`\\b${code}\\b`).test(l)) ?? text;
      const error: JsonObject = { code, message: EXAMPLE_MESSAGES[code] };
      if (code === ErrorCode.VALIDATION_ERROR)
        error.details = [{ field: 'title', message: 'title must be longer than or equal to 3 characters' }];
      return [code, { summary: line.slice(0, 200), value: { success: false, error, meta: EXAMPLE_META } }];
    }),
  );
  const response: JsonObject = {
    description: text,
    content: {
      'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' }, examples },
    },
  };
  if (status === 429) {
    response.headers = {
      'Retry-After': { description: 'seconds until a request may succeed', schema: { type: 'integer' } },
    };
  }
  return response;
}

/** Every request body gets an example: the schema's own examples, filled in from its types where it has none. */
function refineRequestBody(op: Operation, doc: JsonObject): void {
  const body = isObject(op.requestBody) ? resolveRef(doc, op.requestBody) : undefined;
  if (!body || !isObject(body.content)) return;
  for (const media of Object.values(body.content)) {
    if (!isObject(media) || media.example !== undefined || media.examples !== undefined) continue;
    if (isObject(media.schema)) media.example = exampleOf(doc, media.schema);
  }
}
