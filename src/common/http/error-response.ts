import { HttpException } from '@nestjs/common';
import { DomainError, FieldProblem, RateLimitedError } from '../errors/domain-errors';
import { codeOfStatus, ErrorCode, statusOf } from '../errors/error-codes';
import { ErrorBody, errorBody } from './envelope';

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
  /** true when the error was not expected and must be logged with its stack */
  unexpected: boolean;
}

interface FrameworkError {
  statusCode?: number;
  code?: string;
}

const isFrameworkError = (e: unknown): e is Error & FrameworkError =>
  e instanceof Error && typeof (e as FrameworkError).statusCode === 'number';

/** Messages safe to show for Fastify's own client errors (its raw messages can echo internals). */
function fastifyClientMessage(error: FrameworkError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is not valid JSON';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported Content-Type';
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'Content-Length does not match the body';
    default:
      return error.statusCode === 404 ? 'Not found' : 'The request could not be processed';
  }
}

/**
 * PostgreSQL refusing a value it cannot store (bad encoding, out of range, too long, a CHECK rule) means the input
 * was bad, not the server: a 400, with a fixed message that shows nothing of the statement or its values.
 */
const DATA_ERRORS: Record<string, string> = {
  '22001': 'A value is too long',
  '22003': 'A number is out of range',
  '22007': 'A date or time is not valid',
  '22008': 'A date or time is out of range',
  '22009': 'A time zone offset is out of range',
  '22021': 'A text value contains characters that cannot be stored',
  '22P02': 'A value has the wrong format',
  '22P05': 'A text value contains characters that cannot be stored',
  '23514': 'A value breaks a rule of the data',
};

/**
 * A foreign key PostgreSQL enforced against a change made meanwhile: what a write refers to was removed by another
 * request after the write checked it (a category deleted while an item is created in it), or what a removal takes
 * away gained a reference. A 409: the client may read again and retry. The places that can name the field map
 * their own key first (`foreignKeyViolation`).
 */
const FOREIGN_KEY_VIOLATION = '23503';

const driverCode = (e: unknown): string | null => {
  if (!(e instanceof Error)) return null;
  const driver = (e as { driverError?: { code?: unknown } }).driverError;
  return typeof driver?.code === 'string' ? driver.code : null;
};

function databaseRefusal(e: unknown): string | null {
  const code = driverCode(e);
  return code ? (DATA_ERRORS[code] ?? null) : null;
}

/**
 * PostgreSQL away (stopped, restarting, a failover), unreachable, or out of connections (the pool's acquire timeout,
 * a statement timeout): the client should retry, so a 503, never a 500 (and never the driver's message).
 */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '57014',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
const UNAVAILABLE_MESSAGES =
  /^(timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|Connection pool of the database|Query read timeout|Client was closed|Cannot use a pool after calling end)|\b(ECONNREFUSED|ECONNRESET|EPIPE)\b|terminating connection due to|query runner was already released|the database system is (starting up|shutting down|in recovery mode)|is not currently accepting connections/;

export function databaseUnavailable(e: unknown, depth = 0): boolean {
  if (typeof e !== 'object' || e === null || depth > 3) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code)))
    return true;
  const message = (e as { message?: unknown }).message;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  // TypeORM keeps the driver's error as driverError; a serialized error (pino's) keeps the original as raw
  const wrapper = e as { driverError?: unknown; cause?: unknown; raw?: unknown };
  const inner = wrapper.driverError ?? wrapper.cause ?? wrapper.raw;
  if (inner && inner !== e && databaseUnavailable(inner, depth + 1)) return true;
  // several connection attempts failing at once (Node's happy eyeballs) come as an AggregateError
  return e instanceof AggregateError && e.errors.some((x) => databaseUnavailable(x, depth + 1));
}

function httpExceptionMessage(exception: HttpException): { message: string; details?: FieldProblem[] } {
  const status = exception.getStatus();
  if (status === 404) return { message: 'Not found' };
  const response = exception.getResponse();
  if (typeof response === 'string') return { message: response };
  const raw = (response as { message?: unknown }).message;
  if (typeof raw === 'string') return { message: raw };
  if (Array.isArray(raw)) {
    return {
      message: 'The request is not valid',
      details: raw.map((m) => ({ field: '', message: String(m) })),
    };
  }
  return { message: exception.message };
}

/** Turns anything thrown while handling a request into the error envelope. Unknown errors become a bare 500. */
export function toErrorResponse(exception: unknown, requestId: string): ErrorResponse {
  const headers: Record<string, string> = {};
  if (exception instanceof DomainError) {
    if (exception instanceof RateLimitedError) headers['retry-after'] = String(exception.retryAfterSeconds);
    return {
      status: statusOf(exception.code),
      body: errorBody(requestId, exception.code, exception.message, exception.details),
      headers,
      unexpected: false,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status >= 500) return internal(requestId, status === 503);
    const { message, details } = httpExceptionMessage(exception);
    return {
      status,
      body: errorBody(requestId, codeOfStatus(status), message, details),
      headers,
      unexpected: false,
    };
  }
  const refused = databaseRefusal(exception);
  if (refused) {
    return {
      status: 400,
      body: errorBody(requestId, ErrorCode.VALIDATION_ERROR, refused),
      headers,
      unexpected: false,
    };
  }
  if (driverCode(exception) === FOREIGN_KEY_VIOLATION) {
    return {
      status: statusOf(ErrorCode.CONFLICT),
      body: errorBody(
        requestId,
        ErrorCode.CONFLICT,
        'Something this request refers to was changed or removed meanwhile; read it again and retry',
      ),
      headers,
      unexpected: false,
    };
  }
  if (databaseUnavailable(exception)) {
    return {
      status: statusOf(ErrorCode.SERVICE_UNAVAILABLE),
      body: errorBody(requestId, ErrorCode.SERVICE_UNAVAILABLE, 'The service is temporarily unavailable'),
      headers: { 'retry-after': '1' },
      unexpected: false,
    };
  }
  if (isFrameworkError(exception) && exception.statusCode! >= 400 && exception.statusCode! < 500) {
    const status = exception.statusCode!;
    return {
      status,
      body: errorBody(requestId, codeOfStatus(status), fastifyClientMessage(exception)),
      headers,
      unexpected: false,
    };
  }
  return internal(requestId, false);
}

function internal(requestId: string, unavailable: boolean): ErrorResponse {
  const code = unavailable ? ErrorCode.SERVICE_UNAVAILABLE : ErrorCode.INTERNAL_ERROR;
  const message = unavailable ? 'The service is temporarily unavailable' : 'An unexpected error occurred';
  return { status: statusOf(code), body: errorBody(requestId, code, message), headers: {}, unexpected: true };
}
