import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';

/** `meta` of every envelope (documentation only: the envelope interceptor and the error filter build it). */
export class Meta {
  @ApiProperty({ format: 'date-time', example: '2026-01-01T00:00:00.000Z' })
  timestamp: string;

  @ApiProperty({
    description: 'equals the X-Request-Id response header',
    example: '6f1c2a4e-0b7d-4a8e-9c3f-2d5e8b1a7c90',
  })
  requestId: string;
}

/** `pagination` of a list envelope: `total` is always there (it never counts what the caller may not see). */
export class Pagination {
  @ApiProperty({ type: 'integer', minimum: 1, example: 1 })
  page: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100, example: 20 })
  limit: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: 42,
    description:
      'Matching rows. Counted exactly up to 10,000; past that it is an estimate, and totalIsEstimate is true.',
  })
  total: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 3 })
  totalPages: number;

  @ApiPropertyOptional({
    type: 'boolean',
    enum: [true],
    description: 'Present (true) only when more than 10,000 rows match and total is an estimate.',
  })
  totalIsEstimate?: true;

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    description:
      'Opaque keyset cursor of the next page, where the list supports `cursor`: pass it back as `cursor` ' +
      'for deep pages (null on the last page).',
  })
  nextCursor?: string | null;
}

const success = { type: 'boolean', enum: [true] };

/** Documents a `{success, data, meta}` answer whose data is `model`, or an array of them for `[model]`. */
export const ApiEnvelope = (model: Type | [Type], status = 200, description?: string) => {
  const item = Array.isArray(model) ? model[0] : model;
  const data = Array.isArray(model)
    ? { type: 'array', items: { $ref: getSchemaPath(item) } }
    : { $ref: getSchemaPath(item) };
  return applyDecorators(
    ApiExtraModels(item, Meta),
    ApiResponse({
      status,
      description,
      schema: {
        type: 'object',
        properties: {
          success,
          data,
          meta: { $ref: getSchemaPath(Meta) },
        },
        required: ['success', 'data', 'meta'],
      },
    }),
  );
};

/** Documents a list answer: `{success, data[], pagination, meta}`. */
export const ApiPageEnvelope = (model: Type, description?: string) =>
  applyDecorators(
    ApiExtraModels(model, Meta, Pagination),
    ApiResponse({
      status: 200,
      description,
      schema: {
        type: 'object',
        properties: {
          success,
          data: { type: 'array', items: { $ref: getSchemaPath(model) } },
          pagination: { $ref: getSchemaPath(Pagination) },
          meta: { $ref: getSchemaPath(Meta) },
        },
        required: ['success', 'data', 'pagination', 'meta'],
      },
    }),
  );
