import { existsSync } from 'node:fs';
import { ConfigurationError, EnvironmentVariables, validateEnvironment } from '../config/environment';

/** Loads `.env` when present (real environment variables win) and validates; a bad config ends the process. */
export function loadEnvironmentOrExit(): EnvironmentVariables {
  if (existsSync('.env')) {
    const before = { ...process.env };
    process.loadEnvFile('.env');
    Object.assign(process.env, before);
  }
  try {
    return validateEnvironment(process.env);
  } catch (err) {
    if (err instanceof ConfigurationError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

/** How long a graceful shutdown may take before the process gives up and exits 1. */
export const SHUTDOWN_DEADLINE_MS = 25_000;

/** Runs `shutdown` once on SIGTERM/SIGINT, with a hard deadline so a stuck close cannot hang a rollout. */
export function onShutdownSignal(shutdown: () => Promise<void>, deadlineMs = SHUTDOWN_DEADLINE_MS): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal} received, shutting down gracefully\n`);
    setTimeout(() => process.exit(1), deadlineMs).unref();
    shutdown().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`shutdown failed: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}
