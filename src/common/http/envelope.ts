import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../errors/error-codes';
import { FieldProblem } from '../errors/domain-errors';

export interface Meta {
  timestamp: string;
  requestId: string;
}

export interface ErrorBody {
  success: false;
  error: { code: ErrorCode; message: string; details?: FieldProblem[] };
  meta: Meta;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Keeps a client's X-Request-Id when it is a UUID, else makes a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && UUID.test(value) ? value.toLowerCase() : randomUUID();
}

export const meta = (requestId: string): Meta => ({ timestamp: new Date().toISOString(), requestId });

export function errorBody(
  requestId: string,
  code: ErrorCode,
  message: string,
  details?: FieldProblem[],
): ErrorBody {
  return {
    success: false,
    error: details && details.length > 0 ? { code, message, details } : { code, message },
    meta: meta(requestId),
  };
}
