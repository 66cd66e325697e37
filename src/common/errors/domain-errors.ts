import { ErrorCode } from './error-codes';

export interface FieldProblem {
  field: string;
  message: string;
}

/** Base of every error the domain and services raise; the exception filter maps `code` to a status. */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  readonly details?: FieldProblem[];

  constructor(message: string, details?: FieldProblem[]) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class ValidationFailedError extends DomainError {
  readonly code = ErrorCode.VALIDATION_ERROR;
  constructor(message = 'The request is not valid', details?: FieldProblem[]) {
    super(message, details);
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = ErrorCode.UNAUTHENTICATED;
  constructor(message = 'Authentication is required') {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = ErrorCode.FORBIDDEN;
  constructor(message = 'You may not perform this action') {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  readonly code = ErrorCode.NOT_FOUND;
  constructor(resource = 'Resource') {
    super(`${resource} not found`);
  }
}

/** `value`, or a NotFoundError naming `resource` when there is none. */
export function found<T>(value: T | null | undefined, resource: string): T {
  if (value === null || value === undefined) throw new NotFoundError(resource);
  return value;
}

export class ConflictError extends DomainError {
  readonly code = ErrorCode.CONFLICT;
}

export class InvalidTransitionError extends DomainError {
  readonly code = ErrorCode.INVALID_TRANSITION;
}

export class PayloadTooLargeError extends DomainError {
  readonly code = ErrorCode.PAYLOAD_TOO_LARGE;
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly code = ErrorCode.UNSUPPORTED_MEDIA_TYPE;
}

export class IdempotencyKeyReusedError extends DomainError {
  readonly code = ErrorCode.IDEMPOTENCY_KEY_REUSED;
  constructor() {
    super('This Idempotency-Key was already used with a different request body');
  }
}

export class RateLimitedError extends DomainError {
  readonly code = ErrorCode.RATE_LIMITED;
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too many requests, try again later',
  ) {
    super(message);
  }
}

export class ServiceUnavailableError extends DomainError {
  readonly code = ErrorCode.SERVICE_UNAVAILABLE;
}

/** A 400 about one field: `invalidField('categoryId', 'no such active service category')`. */
export const invalidField = (field: string, message: string): ValidationFailedError =>
  new ValidationFailedError(`${field} ${message}`, [{ field, message }]);
