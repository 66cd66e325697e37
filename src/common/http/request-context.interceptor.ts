import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { Admitted, admittedId } from '../auth/access-token';
import { currentRequestContext, runInRequestContext } from '../request-context';

/**
 * Makes the request id and the caller current for the handler and all it awaits, so records written on the way (the
 * audit log) name the request that caused them. Runs after the guards, so the caller is known. The HTTP layer usually
 * entered the request's context already (see useRequestLogging); the caller is then added to it.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Admitted }>();
    const requestId = String(request.id);
    const actorId = admittedId(request.user);
    const current = currentRequestContext();
    if (current?.requestId === requestId) {
      current.actorId = actorId;
      return next.handle();
    }
    const ctx = { requestId, actorId };
    return new Observable((subscriber) =>
      runInRequestContext(ctx, () => next.handle().subscribe(subscriber)),
    );
  }
}
