import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOperation,
} from '@nestjs/swagger';
import { ApiEnvelope } from './api-envelope.decorator';
import { ApiErrorCase, ApiErrors } from './api-errors.decorator';

/** What a route's documentation says beyond its answer: the operation, and the errors the route itself decides. */
export interface RouteDocs {
  summary: string;
  description?: string;
  /** when 404 NOT_FOUND happens, after `NOT_FOUND: ` (bare `NOT_FOUND` without it) */
  notFound?: string;
  /** the whole 409 description */
  conflict?: string;
  errors?: ApiErrorCase[];
}

const errorsOf = (docs: RouteDocs): MethodDecorator[] => [
  ApiNotFoundResponse({ description: docs.notFound ? `NOT_FOUND: ${docs.notFound}` : 'NOT_FOUND' }),
  ...(docs.conflict ? [ApiConflictResponse({ description: docs.conflict })] : []),
  ...(docs.errors ? [ApiErrors(...docs.errors)] : []),
];

/** Documents a route that answers one resource (`GET :id`, `PATCH :id`…) or 404. */
export const ApiOne = (model: Type, docs: RouteDocs): MethodDecorator =>
  applyDecorators(
    ApiOperation({ summary: docs.summary, description: docs.description }),
    ApiEnvelope(model),
    ...errorsOf(docs),
  );

/**
 * Documents a `DELETE :id` route: 204 with no body, or 404. The route keeps its own `@HttpCode(204)`: the
 * OpenAPI build plugin reads that decorator from the source.
 */
export const ApiRemoval = (docs: RouteDocs): MethodDecorator =>
  applyDecorators(
    ApiOperation({ summary: docs.summary, description: docs.description }),
    ApiNoContentResponse({ description: 'Deleted' }),
    ...errorsOf(docs),
  );
