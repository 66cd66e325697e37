/**
 * OpenTelemetry tracing, started before anything it instruments is loaded: the first import of main.ts and
 * worker.ts (also usable as `node --import ./dist/tracing.js …`). Without OTEL_EXPORTER_OTLP_ENDPOINT it does
 * nothing and loads no part of OpenTelemetry.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { traceSamplingFrom } from './config/trace-sampling';

const STARTED = Symbol.for('helpdesk.tracing.started');

function start(): void {
  const state = globalThis as { [STARTED]?: boolean };
  if (state[STARTED]) return;
  state[STARTED] = true;
  if (existsSync('.env')) {
    const before = { ...process.env };
    process.loadEnvFile('.env');
    Object.assign(process.env, before); // the real environment wins, as in the configuration
  }
  const env = process.env;
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim()) return;
  const protocol =
    env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf';
  if (protocol !== 'http/protobuf' && protocol !== 'http/json') {
    process.stderr.write(
      `Invalid configuration: OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf or http/json\n`,
    );
    process.exit(1);
  }
  const sampling = traceSamplingFrom(env);
  if (typeof sampling === 'string') {
    process.stderr.write(`Invalid configuration: ${sampling}\n`);
    process.exit(1);
  }
  const worker = basename(process.argv[1] ?? '') === 'worker.js';
  // loaded only now, so a process without tracing never loads the SDK (a synchronous require: an import() would
  // let the application's modules load before the instrumentation is in place)
  const { startOtel } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('./infrastructure/tracing/otel') as typeof import('./infrastructure/tracing/otel');
  startOtel({
    serviceName: env.OTEL_SERVICE_NAME?.trim() || (worker ? 'helpdesk-worker' : 'helpdesk-api'),
    serviceVersion: packageVersion(),
    protocol,
    sampling,
  });
}

function packageVersion(): string {
  try {
    return (
      (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: string })
        .version ?? 'unknown'
    );
  } catch {
    return 'unknown';
  }
}

start();
