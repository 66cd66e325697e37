import 'reflect-metadata';
import { AppModule } from './app.module';
import { createApp } from './bootstrap/create-app';
import { startEmbeddedInfrastructure } from './bootstrap/embedded-infrastructure';
import { loadEnvironmentOrExit, onShutdownSignal } from './bootstrap/process';

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
  onShutdownSignal(async () => {
    await app.close(); // stops accepting, lets in-flight requests and jobs finish, closes pools
    await stopEmbedded();
  });
  await app.listen({ port: env.PORT, host: '0.0.0.0' });
  process.stdout.write(
    `Helpdesk API on http://localhost:${env.PORT}/api/v1 — docs at http://localhost:${env.PORT}/api/docs\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`Failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
