import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';

const metaSchema = {
  type: 'object',
  properties: {
    timestamp: { type: 'string', format: 'date-time' },
    requestId: { type: 'string', format: 'uuid' },
  },
};

/** Documents a `{success, data, meta}` answer whose data is `model`. */
export const ApiEnvelope = (model: Type, status = 200, description?: string) =>
  applyDecorators(
    ApiExtraModels(model),
    ApiResponse({
      status,
      description,
      schema: {
        type: 'object',
        properties: {
          success: { type: 'boolean', example: true },
          data: { $ref: getSchemaPath(model) },
          meta: metaSchema,
        },
      },
    }),
  );

/** Documents a list answer: `{success, data[], pagination, meta}`. */
export const ApiPageEnvelope = (model: Type, description?: string) =>
  applyDecorators(
    ApiExtraModels(model),
    ApiResponse({
      status: 200,
      description,
      schema: {
        type: 'object',
        properties: {
          success: { type: 'boolean', example: true },
          data: { type: 'array', items: { $ref: getSchemaPath(model) } },
          pagination: {
            type: 'object',
            properties: {
              page: { type: 'integer' },
              limit: { type: 'integer' },
              total: {
                type: 'integer',
                description:
                  'Matching rows. Counted exactly up to 10,000; past that it is an estimate, and totalIsEstimate is true.',
              },
              totalPages: { type: 'integer' },
              totalIsEstimate: {
                type: 'boolean',
                description: 'Present (true) only when more than 10,000 rows match and total is an estimate.',
              },
              nextCursor: {
                type: 'string',
                nullable: true,
                description:
                  'Opaque keyset cursor of the next page, where the list supports `cursor`: pass it back as `cursor` ' +
                  'for deep pages (null on the last page).',
              },
            },
          },
          meta: metaSchema,
        },
      },
    }),
  );
