import './tracing'; // first: instrumentation must be in place before what it instruments loads
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadEnvironmentOrExit, onShutdownSignal } from './bootstrap/process';
import { startWorkerOpsServer } from './bootstrap/worker-ops-server';
import { MetricsService } from './infrastructure/metrics/metrics.service';
import { shutdownTracing } from './infrastructure/tracing/trace-context';
import { WorkerModule } from './worker.module';

/** The worker process: BullMQ consumers only, no HTTP. Scales by adding replicas. */
async function main(): Promise<void> {
  const env = loadEnvironmentOrExit();
  if (!env.DATABASE_URL || !env.REDIS_URL) {
    process.stderr.write(
      'A separate worker needs DATABASE_URL and REDIS_URL (the api runs the worker in-process when WORKER_IN_PROCESS=true)\n',
    );
    process.exit(1);
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.init();
  const ops = env.WORKER_METRICS_PORT
    ? await startWorkerOpsServer(app.get(MetricsService), env.WORKER_METRICS_PORT, env.METRICS_TOKEN)
    : null;
  onShutdownSignal(async () => {
    ops?.close();
    await app.close(); // BullMQ workers finish the job in hand before closing
    await shutdownTracing(); // send the last spans
  });
  app
    .get(Logger)
    .log(ops ? `Worker started (metrics on :${env.WORKER_METRICS_PORT}/metrics)` : 'Worker started');
}

main().catch((err: unknown) => {
  process.stderr.write(`Worker failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
