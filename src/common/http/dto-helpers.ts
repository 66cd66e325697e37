import { Transform, TransformFnParams } from 'class-transformer';
import { ValidateIf } from 'class-validator';

/** Query strings carry text: `true`/`false` become booleans, anything else stays as is and fails @IsBoolean. */
export const QueryBoolean = (): PropertyDecorator =>
  Transform(({ value }: TransformFnParams): unknown =>
    value === 'true' ? true : value === 'false' ? false : value,
  );

/**
 * A UUID (or a list of them) in lower case, as PostgreSQL prints them and the id pipe passes path ids on: ids the
 * service compares, or uses in cache keys, then match whatever case the client wrote them in.
 */
export const LowercaseUuid = (): PropertyDecorator =>
  Transform(({ value }: TransformFnParams): unknown => {
    const lower = (v: unknown): unknown => (typeof v === 'string' ? v.toLowerCase() : v);
    return Array.isArray(value) ? value.map(lower) : lower(value);
  });

/** Surrounding whitespace is not part of a name or an email. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }: TransformFnParams): unknown => (typeof value === 'string' ? value.trim() : value));

/**
 * May be left out, but not sent as null (unlike @IsOptional, which lets null through to a NOT NULL column).
 * Use @IsOptional for the fields where null means "clear".
 */
export const IsOptionalNotNull = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);
