import { CallHandler, ExecutionContext, Injectable, NestInterceptor, StreamableFile } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import { Page } from '../pagination/page';
import { meta } from './envelope';
import { SKIP_ENVELOPE } from './skip-envelope.decorator';

/** Wraps every handler result in the success envelope; a `Page` becomes `data` + `pagination`. */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const skip = this.reflector.getAllAndOverride<boolean>(SKIP_ENVELOPE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (skip) return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return next.handle().pipe(
      map((result: unknown) => {
        if (result === undefined || result instanceof StreamableFile) return result;
        if (result instanceof Page) {
          const pagination: Record<string, unknown> = {
            page: result.page,
            limit: result.limit,
            total: result.total,
            totalPages: result.totalPages,
          };
          if (result.totalIsEstimate) pagination.totalIsEstimate = true;
          if (result.nextCursor !== undefined) pagination.nextCursor = result.nextCursor;
          return { success: true, data: result.items, pagination, meta: meta(request.id) };
        }
        return { success: true, data: result, meta: meta(request.id) };
      }),
    );
  }
}
