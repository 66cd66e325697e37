import { Inject, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Counter } from 'prom-client';
import { workerConfig, WorkerConfig } from '../../config/configuration';
import { MetricsService } from '../metrics/metrics.service';
import { QueueWorkerHost } from './queue-worker-host';
import { runConcurrently } from './worker-liveness';

/** The counter of a consumer's jobs that failed for good. */
export interface FailureCounter<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
}

/**
 * A consumer of an I/O-bound queue: its worker runs as many jobs at once as its `WORKER_*_CONCURRENCY` says, and it
 * counts the jobs that failed for good in `failed`. The configuration and the metrics are injected into this base,
 * so a consumer's constructor takes only what its jobs use.
 */
export abstract class ConcurrentQueueWorkerHost<L extends string = never>
  extends QueueWorkerHost
  implements OnModuleInit, OnApplicationBootstrap
{
  @Inject(workerConfig.KEY) private readonly workers: WorkerConfig;
  @Inject(MetricsService) private readonly metrics: MetricsService;
  protected failed: Counter<L>;

  protected constructor(
    private readonly concurrency: keyof WorkerConfig,
    private readonly failures: FailureCounter<L>,
  ) {
    super();
  }

  onModuleInit(): void {
    const { name, help, labelNames } = this.failures;
    this.failed = this.metrics.counter(name, help, labelNames);
  }

  onApplicationBootstrap(): void {
    runConcurrently(this.worker, this.workers[this.concurrency]);
  }
}
