import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { appConfig } from '../../config/configuration';
import { REDACT_PATHS, redactUrl } from './redaction';
import { safeError } from './safe-error';

/** What the transport layer leaves on the raw request for the access log. */
export type RawRequestContext = IncomingMessage & { userId?: string; routeTemplate?: string };

function prettyAvailable(): boolean {
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

const QUIET_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (app: ConfigType<typeof appConfig>) => ({
        pinoHttp: {
          level: app.logLevel,
          transport:
            app.nodeEnv === 'development' && prettyAvailable()
              ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } }
              : undefined,
          redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
          // Fastify has already chosen the id (kept from X-Request-Id or generated); reuse it.
          genReqId: (req: IncomingMessage) => req.id ?? 'unknown',
          customAttributeKeys: { reqId: 'requestId', responseTime: 'ms' },
          quietReqLogger: true,
          serializers: {
            req: (req: { method?: string; url?: string }) => ({
              method: req.method,
              url: redactUrl(req.url),
            }),
            res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
            err: safeError,
          },
          customProps: (req: IncomingMessage) => {
            const raw = req as RawRequestContext;
            return { route: raw.routeTemplate, userId: raw.userId };
          },
          customLogLevel: (req: IncomingMessage, res: ServerResponse, err?: Error) => {
            if (err || res.statusCode >= 500) return 'error';
            if (res.statusCode >= 400) return 'warn';
            return QUIET_PATHS.has((req.url ?? '').split('?')[0]) ? 'debug' : 'info';
          },
          customSuccessMessage: (req: IncomingMessage, res: ServerResponse) =>
            `${req.method} ${(req as RawRequestContext).routeTemplate ?? req.url?.split('?')[0]} ${res.statusCode}`,
          customErrorMessage: (req: IncomingMessage, res: ServerResponse) =>
            `${req.method} ${(req as RawRequestContext).routeTemplate ?? req.url?.split('?')[0]} ${res.statusCode}`,
        },
      }),
    }),
  ],
})
export class LoggingModule {}
