import { Transform, TransformFnParams } from 'class-transformer';
import { ValidateIf } from 'class-validator';

/** Query strings carry text: `true`/`false` become booleans, anything else stays as is and fails @IsBoolean. */
export const QueryBoolean = (): PropertyDecorator =>
  Transform(({ value }: TransformFnParams): unknown =>
    value === 'true' ? true : value === 'false' ? false : value,
  );

/** Surrounding whitespace is not part of a name or an email. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }: TransformFnParams): unknown => (typeof value === 'string' ? value.trim() : value));

/**
 * May be left out, but not sent as null (unlike @IsOptional, which lets null through to a NOT NULL column).
 * Use @IsOptional for the fields where null means "clear".
 */
export const IsOptionalNotNull = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);
