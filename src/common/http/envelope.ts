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

/** What a client or an ingress may send as X-Request-Id (UUIDs, ingress hex ids); anything else is replaced. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && CLIENT_REQUEST_ID.test(value) ? value : randomUUID();
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
