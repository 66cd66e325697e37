import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger as Pino } from 'pino';
import { runInRequestContext } from '../../common/request-context';
import type { RawRequestContext } from './logging.module';
import { redactUrl } from './redaction';
import { routeOf } from '../../common/http/route-of';

/** Probes and scrapers: their successful calls are logged at debug only. */
const QUIET_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

type Level = 'error' | 'warn' | 'info' | 'debug';

function levelOf(status: number, path: string): Level {
  if (status >= 500) return 'error';
  if (status >= 400) return 'warn';
  return QUIET_PATHS.has(path) ? 'debug' : 'info';
}

/** Whether the access log writes a line for an answer with `status` to `path` (without its query). */
export const accessLogWrites = (
  logger: Pick<Pino, 'isLevelEnabled'>,
  status: number,
  path: string,
): boolean => logger.isLevelEnabled(levelOf(status, path));

const pathOf = (url: string): string => {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
};

/**
 * The access log and the request context, as two Fastify hooks instead of a per-request child logger (pino-http) run
 * as Nest middleware: nothing is allocated for a request's log line unless its level is enabled, and no redaction runs
 * on the hot path (the line holds the method, the route template, the URL with secret query values masked, the
 * status, the duration, the request id and the caller; never headers or bodies).
 *
 * The request context (request id, later the caller) is entered in `preValidation`, after the body is parsed: the
 * parser runs on the socket's events, outside any context entered earlier. Log lines written while serving the request
 * get the request id from it (see the `mixin` of the logging module).
 */
export function useRequestLogging(fastify: FastifyInstance, logger: Pino): void {
  fastify.addHook('preValidation', (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    runInRequestContext({ requestId: String(request.id), actorId: null }, done);
  });

  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const status = reply.statusCode;
    const url = request.url;
    const level = levelOf(status, pathOf(url));
    if (logger.isLevelEnabled(level)) {
      const route = routeOf(request).url;
      logger[level](
        {
          requestId: request.id,
          route,
          userId: (request.raw as RawRequestContext).userId,
          req: { method: request.method, url: redactUrl(url) },
          res: { statusCode: status },
          ms: Math.round(reply.elapsedTime * 100) / 100,
        },
        `${request.method} ${route ?? pathOf(url)} ${status}`,
      );
    }
    done();
  });
}
