import { EnumValue, namedEnum } from '../named-enum';

/**
 * Every error code the API can answer with (docs/API.md, Envelope), under the HTTP status it is answered with: the
 * one mapping both ways, so a code cannot ship without a status.
 */
const CODES_BY_STATUS = {
  400: ['VALIDATION_ERROR'],
  401: ['UNAUTHENTICATED'],
  403: ['FORBIDDEN'],
  404: ['NOT_FOUND'],
  409: ['CONFLICT', 'INVALID_TRANSITION'],
  413: ['PAYLOAD_TOO_LARGE'],
  415: ['UNSUPPORTED_MEDIA_TYPE'],
  422: ['IDEMPOTENCY_KEY_REUSED'],
  429: ['RATE_LIMITED'],
  500: ['INTERNAL_ERROR'],
  503: ['SERVICE_UNAVAILABLE'],
} as const;

const entries = Object.entries(CODES_BY_STATUS).map(([status, codes]) => [Number(status), codes] as const);

export const ErrorCode = namedEnum(...entries.flatMap(([, codes]) => codes));
export type ErrorCode = EnumValue<typeof ErrorCode>;

const codesOf = new Map<number, readonly ErrorCode[]>(entries);
const statusOfCode = new Map<ErrorCode, number>(
  entries.flatMap(([status, codes]) => codes.map((code) => [code, status] as const)),
);

/** The status a code is answered with. */
export function statusOf(code: ErrorCode): number {
  const status = statusOfCode.get(code);
  if (status === undefined) throw new Error(`Unmapped error code: ${String(code)}`);
  return status;
}

/**
 * The code a bare HTTP status stands for, for errors raised by the framework rather than the domain: the first code
 * answered with that status (405, a route without that method, reads as 404), else by the status's class.
 */
export function codeOfStatus(status: number): ErrorCode {
  const codes = codesOf.get(status === 405 ? 404 : status);
  if (codes) return codes[0];
  return status >= 400 && status < 500 ? ErrorCode.VALIDATION_ERROR : ErrorCode.INTERNAL_ERROR;
}
