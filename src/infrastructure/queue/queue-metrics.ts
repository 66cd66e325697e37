import { Injectable, OnModuleInit } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service';
import { JobQueues } from './job-queues';

const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** Jobs per queue and state, read from Redis at every scrape (left as they were while Redis does not answer). */
@Injectable()
export class QueueMetrics implements OnModuleInit {
  constructor(
    private readonly queues: JobQueues,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    const queues = this.queues;
    this.metrics.gauge(
      'queue_jobs',
      'BullMQ jobs per queue and state (waiting includes prioritized jobs)',
      ['queue', 'state'],
      async function () {
        try {
          for (const depth of await queues.depths())
            for (const state of STATES) this.set({ queue: depth.queue, state }, depth[state]);
        } catch {
          // Redis is away: readiness reports it; the scrape still answers
        }
      },
    );
  }
}
