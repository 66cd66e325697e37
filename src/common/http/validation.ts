import { Stream } from 'node:stream';
import {
  ArgumentMetadata,
  HttpException,
  Injectable,
  Logger,
  PipeTransform,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { safeError } from '../../infrastructure/logging/safe-error';
import { DomainError, FieldProblem, ValidationFailedError } from '../errors/domain-errors';
import { currentRequestContext } from '../request-context';
import { readQuickly } from './quick-query';

/** One `{field, message}` per problem, with nested fields as dotted paths (`steps.0.mode`). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field =
      error.property === undefined || error.property === ''
        ? parent
        : parent
          ? `${parent}.${error.property}`
          : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field: field || 'body',
      message:
        constraint === 'whitelistValidation'
          ? `property ${error.property} is not allowed`
          : constraint === 'unknownValue'
            ? 'the body must be a JSON object'
            : message,
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

function pipe(forbidUnknown: boolean): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: forbidUnknown,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new ValidationFailedError('The request is not valid', flattenValidationErrors(errors)),
  });
}

/** A body a handler reads itself (a stream, a Buffer): never walked or validated as data. */
const isRawBody = (value: object): boolean =>
  value instanceof Stream || ArrayBuffer.isView(value) || value instanceof ArrayBuffer;

/** The path of the first string (or key) holding U+0000, which PostgreSQL text and jsonb cannot store; else null. */
export function findNulCharacter(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 32 || value === null || typeof value !== 'object' || isRawBody(value)) return null;
  for (const key of Object.keys(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return childPath;
    const found = findNulCharacter((value as Record<string, unknown>)[key], childPath, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Bodies reject unknown properties (no mass assignment); query strings drop them silently, as the contract says
 * unknown query parameters are ignored.
 */
@Injectable()
export class AppValidationPipe implements PipeTransform {
  private readonly strict = pipe(true);
  private readonly lenient = pipe(false);

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // a raw body (a stream, a Buffer) is the handler's to read: nothing here may walk it, and a DTO is never one
    if (value !== null && typeof value === 'object' && isRawBody(value)) {
      if (metadata.metatype && metadata.metatype !== Object)
        throw new ValidationFailedError('The request is not valid', [
          { field: metadata.data || metadata.type, message: 'must be JSON' },
        ]);
      return value;
    }
    const nul = findNulCharacter(value, metadata.data ?? (metadata.type === 'body' ? '' : metadata.type));
    if (nul !== null) {
      throw new ValidationFailedError('The request is not valid', [
        { field: nul || 'body', message: 'must not contain NUL characters' },
      ]);
    }
    if (metadata.type !== 'query') return checked(this.strict, value, metadata);
    // a whole query string whose DTO has a quick reader (see QuickQuery): the full validation only if it declines
    const quick = metadata.data === undefined ? readQuickly(metadata.metatype, value) : undefined;
    return quick ?? checked(this.lenient, value, metadata);
  }
}

const logger = new Logger('Validation');

/**
 * A validator that throws on a value it cannot handle (validator.js encodes parts of an email address and throws
 * URIError on text that is not well-formed) refuses the value: a 400 naming the argument, never a 500. The same 400
 * would hide a fault in a DTO's own code (a transform that throws), so the error is logged as a warning, with the
 * argument it was checking and the request.
 */
async function checked(pipe: ValidationPipe, value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
  try {
    return (await pipe.transform(value, metadata)) as unknown;
  } catch (err) {
    if (err instanceof DomainError || err instanceof HttpException) throw err;
    const field = metadata.data || (metadata.type === 'body' ? 'body' : metadata.type);
    logger.warn(
      {
        err: safeError(err),
        argument: metadata.type,
        field,
        dto: metadata.metatype?.name,
        requestId: currentRequestContext()?.requestId,
      },
      'A request argument could not be checked: answered 400',
    );
    throw new ValidationFailedError('The request is not valid', [{ field, message: 'could not be checked' }]);
  }
}
