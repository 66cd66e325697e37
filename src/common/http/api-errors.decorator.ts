import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorCode, statusOf } from '../errors/error-codes';

/** An error a route answers with: its code, or its code and when it happens. */
export type ApiErrorCase = ErrorCode | [ErrorCode, string];

/**
 * Documents the errors a route (or every route of a controller) answers with, one response per status, each line
 * reading "CODE: when". The OpenAPI refinement gives every error response the error envelope schema and one example
 * per code named, and adds the errors every route shares (401 without a public marker, 404 with a path parameter,
 * 400 with a body or query, 413 and 415 with a JSON body, 429), so declare here only what the route itself decides.
 */
export const ApiErrors = (...cases: ApiErrorCase[]): MethodDecorator & ClassDecorator => {
  const byStatus = new Map<number, string[]>();
  for (const c of cases) {
    const [code, when] = typeof c === 'string' ? [c, undefined] : c;
    const status = statusOf(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), when ? `${code}: ${when}` : code]);
  }
  return applyDecorators(
    ...[...byStatus].map(([status, lines]) => ApiResponse({ status, description: lines.join('; ') })),
  );
};
