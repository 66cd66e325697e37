import { codeOfStatus, ErrorCode, statusOf } from './error-codes';

describe('error codes', () => {
  it('maps every code to the status of the contract', () => {
    const expected: Record<ErrorCode, number> = {
      VALIDATION_ERROR: 400,
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      CONFLICT: 409,
      INVALID_TRANSITION: 409,
      PAYLOAD_TOO_LARGE: 413,
      UNSUPPORTED_MEDIA_TYPE: 415,
      IDEMPOTENCY_KEY_REUSED: 422,
      RATE_LIMITED: 429,
      INTERNAL_ERROR: 500,
      SERVICE_UNAVAILABLE: 503,
    };
    for (const code of Object.values(ErrorCode)) expect(statusOf(code)).toBe(expected[code]);
  });

  it('derives a code from a framework status, never 400 for a server error', () => {
    expect(codeOfStatus(404)).toBe(ErrorCode.NOT_FOUND);
    expect(codeOfStatus(413)).toBe(ErrorCode.PAYLOAD_TOO_LARGE);
    expect(codeOfStatus(418)).toBe(ErrorCode.VALIDATION_ERROR);
    expect(codeOfStatus(502)).toBe(ErrorCode.INTERNAL_ERROR);
  });
});
