import type { IncomingMessage } from 'node:http';
import { Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { currentRequestContext } from '../../common/request-context';
import { appConfig } from '../../config/configuration';
import { REDACT_PATHS } from './redaction';
import { safeError } from './safe-error';

/** What the transport layer leaves on the raw request for the access log. */
export type RawRequestContext = IncomingMessage & { userId?: string };

function prettyAvailable(): boolean {
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/** Lines written while a request is served name it (and its caller, once known). */
function requestFields(): Record<string, string> {
  const ctx = currentRequestContext();
  if (!ctx) return {};
  return ctx.actorId ? { requestId: ctx.requestId, userId: ctx.actorId } : { requestId: ctx.requestId };
}

/**
 * nestjs-pino as Nest's logger, without its HTTP middleware: the access log is written by Fastify hooks (see
 * request-logging.ts), so no request runs through @fastify/middie or builds a child logger.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (app: ConfigType<typeof appConfig>) => ({
        forRoutes: [],
        pinoHttp: {
          level: app.logLevel,
          transport:
            app.nodeEnv === 'development' && prettyAvailable()
              ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } }
              : undefined,
          redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
          // the access line's req/res are plain objects already (see request-logging.ts): no pino-http wrappers
          wrapSerializers: false,
          serializers: { err: safeError },
          mixin: requestFields,
        },
      }),
    }),
  ],
})
export class LoggingModule {}
