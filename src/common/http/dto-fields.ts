import { applyDecorators, Type as Class } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsOptionalNotNull, LowercaseUuid, QueryBoolean, Trim } from './dto-helpers';
import { IsInstant } from './instant.validator';

/*
 * Field decorators the request DTOs share: validation and its OpenAPI constraints together. The OpenAPI build plugin
 * still adds each property's type, description (its doc comment) and, where the field does not say, whether it is
 * required.
 */

/**
 * A name: trimmed, not empty; with `optional`, it may be left out but not sent as null. The DTO states its
 * `@MaxLength` itself, where the OpenAPI build plugin reads it (a limit set here would reorder the document's fields).
 */
export const NameField = ({ optional = false } = {}): PropertyDecorator =>
  applyDecorators(...(optional ? [IsOptionalNotNull()] : []), Trim(), IsString(), IsNotEmpty());

/** Optional text of at most `max` characters; null clears it. */
export const NullableTextField = (max: number): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ type: String, nullable: true, maxLength: max }),
    IsOptional(),
    IsString(),
    MaxLength(max),
  );

/** An optional UUID naming another resource; null clears it. */
export const NullableUuidField = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }),
    IsOptional(),
    IsUUID(),
    LowercaseUuid(),
  );

/** An optional flag (`isActive`, `autoAssign`…): true or false, never null. */
export const FlagField = (): PropertyDecorator => applyDecorators(IsOptionalNotNull(), IsBoolean());

/** A query-string flag: `true` or `false`, optional. */
export const QueryFlagField = (): PropertyDecorator =>
  applyDecorators(ApiPropertyOptional({ type: Boolean }), IsOptional(), QueryBoolean(), IsBoolean());

/**
 * An optional whole number from the query string (a page, a limit). The DTO states its `@Min` and `@Max` itself,
 * where the OpenAPI build plugin reads them.
 */
export const QueryIntField = (): PropertyDecorator =>
  // registered in the order the stacked @IsOptional() @Type(() => Number) @IsInt() were (bottom-up)
  applyDecorators(
    IsInt(),
    Type(() => Number),
    IsOptional(),
  );

/** An optional UUID (a list filter, a rule condition); null counts as left out. */
export const OptionalUuidField = (): PropertyDecorator =>
  applyDecorators(ApiPropertyOptional({ format: 'uuid' }), IsOptional(), IsUUID(), LowercaseUuid());

/**
 * An optional instant (a list filter's bound): ISO 8601, without an offset UTC; null counts as left out. The
 * description, when given, is the OpenAPI one; otherwise the field's doc comment stands.
 */
export const OptionalInstantField = (description?: string): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ format: 'date-time', ...(description !== undefined ? { description } : {}) }),
    IsOptional(),
    IsInstant(),
  );

/** A UUID naming another resource; with `optional`, it may be left out but not sent as null. */
export const UuidField = ({ optional = false } = {}): PropertyDecorator =>
  applyDecorators(
    optional ? ApiPropertyOptional({ format: 'uuid' }) : ApiProperty({ format: 'uuid' }),
    ...(optional ? [IsOptionalNotNull()] : []),
    IsUUID(),
    LowercaseUuid(),
  );

/**
 * An object validated as a `type` of its own; with `optional`, it may be left out but not sent as null. The DTO documents
 * it with its own `@ApiProperty({ type })`.
 */
export const NestedField = (type: () => Class, { optional = false } = {}): PropertyDecorator =>
  // applied bottom-up, as the stacked decorators were, so the validation messages keep their order
  applyDecorators(Type(type), ValidateNested(), IsObject(), ...(optional ? [IsOptionalNotNull()] : []));
