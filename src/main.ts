import './tracing'; // first: instrumentation must be in place before what it instruments loads
import 'reflect-metadata';
import { AppModule } from './app.module';
import { createApp } from './bootstrap/create-app';
import { startEmbeddedInfrastructure } from './bootstrap/embedded-infrastructure';
import { loadEnvironmentOrExit, onShutdownSignal, SHUTDOWN_DEADLINE_MS } from './bootstrap/process';
import { shutdownDrainMs } from './config/configuration';
import { ShutdownState } from './infrastructure/health/shutdown-state';
import { shutdownTracing } from './infrastructure/tracing/trace-context';

async function main(): Promise<void> {
  const initial = loadEnvironmentOrExit();
  if (initial.NODE_ENV === 'production' && (!initial.DATABASE_URL || !initial.REDIS_URL)) {
    // the embedded servers are a development convenience; production names its own
    process.stderr.write('DATABASE_URL and REDIS_URL are required when NODE_ENV=production\n');
    process.exit(1);
  }
  const stopEmbedded = await startEmbeddedInfrastructure((m) => process.stdout.write(`${m}\n`));
  const env = loadEnvironmentOrExit();
  const app = await createApp(AppModule.forRoot({ withWorker: env.WORKER_IN_PROCESS }), {
    trustProxy: initial.TRUST_PROXY,
  });
  const drainMs = shutdownDrainMs(env);
  onShutdownSignal(async () => {
    // readiness answers 503 first, while requests are still served, so the load balancer lets go of this instance
    app.get(ShutdownState).startDraining();
    if (drainMs > 0) await new Promise((r) => setTimeout(r, drainMs));
    await app.close(); // ends event streams, stops accepting, lets in-flight requests and jobs finish, closes pools
    await stopEmbedded();
    await shutdownTracing(); // send the last spans
  }, drainMs + SHUTDOWN_DEADLINE_MS);
  await app.listen({ port: env.PORT, host: '0.0.0.0' });
  process.stdout.write(
    `Helpdesk API on http://localhost:${env.PORT}/api/v1 — docs at http://localhost:${env.PORT}/api/docs\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`Failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
