import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * One request header's value, as `@Headers(name)` reads it, or undefined. Unlike `@Headers(name)` it adds nothing to
 * the OpenAPI document, where `@Headers` would declare the header a second time, lower-cased and required: document
 * it once with `@ApiHeader`.
 */
export const HeaderValue = createParamDecorator(
  (name: string, context: ExecutionContext): string | undefined => {
    const value = context.switchToHttp().getRequest<FastifyRequest>().headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  },
);
