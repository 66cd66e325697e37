import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { safeError } from '../../infrastructure/logging/safe-error';
import { toErrorResponse } from './error-response';

/** The one place errors become responses: domain errors by code, framework errors by status, the rest 500. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const response = toErrorResponse(exception, request.id);
    if (response.unexpected) {
      this.logger.error(
        { err: safeError(exception), requestId: request.id, route: request.routeOptions?.url },
        'Unhandled error while serving a request',
      );
    }
    if (reply.sent) return;
    void reply.status(response.status).headers(response.headers).send(response.body);
  }
}
