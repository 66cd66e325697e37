import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, ValidationFailedError } from '../errors/domain-errors';

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

/**
 * Bodies reject unknown properties (no mass assignment); query strings drop them silently, as the contract says
 * unknown query parameters are ignored.
 */
@Injectable()
export class AppValidationPipe implements PipeTransform {
  private readonly strict = pipe(true);
  private readonly lenient = pipe(false);

  transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    return metadata.type === 'query'
      ? this.lenient.transform(value, metadata)
      : this.strict.transform(value, metadata);
  }
}
