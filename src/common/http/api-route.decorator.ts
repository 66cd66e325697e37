import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOperation,
} from '@nestjs/swagger';
import { ErrorCode } from '../errors/error-codes';
import { ApiEnvelope, ApiPageEnvelope } from './api-envelope.decorator';
import { ApiErrorCase, ApiErrors } from './api-errors.decorator';

/** What a route's documentation says beyond its answer: the operation, and the errors the route itself decides. */
export interface RouteDocs {
  summary: string;
  description?: string;
  /** when 404 NOT_FOUND happens, after `NOT_FOUND: ` (`''`: a bare `NOT_FOUND`) */
  notFound?: string;
  /** the whole 409 description */
  conflict?: string;
  /** the whole 400 description, where it says more than one `CODE: when` */
  badRequest?: string;
  /** when 400 VALIDATION_ERROR happens, after `VALIDATION_ERROR: ` (the one 400 case of the route) */
  invalid?: string;
  /** when 403 FORBIDDEN happens, after `FORBIDDEN: ` (the one 403 case of the route) */
  forbidden?: string;
  errors?: ApiErrorCase[];
}

const operationOf = (docs: RouteDocs): MethodDecorator =>
  ApiOperation({ summary: docs.summary, description: docs.description });

const errorCasesOf = (docs: RouteDocs): MethodDecorator[] => {
  const cases: ApiErrorCase[] = [
    ...(docs.invalid ? [[ErrorCode.VALIDATION_ERROR, docs.invalid] as ApiErrorCase] : []),
    ...(docs.errors ?? []),
    ...(docs.forbidden ? [[ErrorCode.FORBIDDEN, docs.forbidden] as ApiErrorCase] : []),
  ];
  return cases.length > 0 ? [ApiErrors(...cases)] : [];
};

const errorsOf = (docs: RouteDocs): MethodDecorator[] => [
  ...(docs.notFound === undefined
    ? []
    : [ApiNotFoundResponse({ description: docs.notFound ? `NOT_FOUND: ${docs.notFound}` : 'NOT_FOUND' })]),
  ...(docs.conflict ? [ApiConflictResponse({ description: docs.conflict })] : []),
  ...(docs.badRequest ? [ApiBadRequestResponse({ description: docs.badRequest })] : []),
  ...errorCasesOf(docs),
];

const answering =
  (status: number) =>
  (model: Type | [Type], docs: RouteDocs): MethodDecorator =>
    applyDecorators(operationOf(docs), ApiEnvelope(model, status), ...errorsOf(docs));

/*
 * Routes that answer `model` (an array of them for `[model]`): 200, 201 for what they create, 202 for work they accept.
 * Each documents a 404 of its own only with `notFound`; a route with a path parameter gets the shared one anyway.
 */
export const ApiRoute = answering(200);
export const ApiCreated = answering(201);
export const ApiAccepted = answering(202);

/** Documents a list route: a page of `model` with its pagination. */
export const ApiList = (model: Type, docs: RouteDocs): MethodDecorator =>
  applyDecorators(operationOf(docs), ApiPageEnvelope(model), ...errorsOf(docs));

/** Documents a route that answers one resource (`GET :id`, `PATCH :id`…) or 404. */
export const ApiOne = (model: Type, docs: RouteDocs): MethodDecorator =>
  ApiRoute(model, { ...docs, notFound: docs.notFound ?? '' });

/**
 * Documents a route that answers 204 with no body (`outcome` says what happened: "Deactivated"…). The route keeps its
 * own `@HttpCode(204)`: the OpenAPI build plugin reads that decorator from the source.
 */
export const ApiNoContent = (docs: RouteDocs, outcome?: string): MethodDecorator =>
  applyDecorators(
    operationOf(docs),
    ApiNoContentResponse(outcome === undefined ? undefined : { description: outcome }),
    ...errorsOf(docs),
  );

/** Documents a `DELETE :id` route: 204 with no body, or 404. */
export const ApiRemoval = (docs: RouteDocs): MethodDecorator =>
  ApiNoContent({ ...docs, notFound: docs.notFound ?? '' }, 'Deleted');
