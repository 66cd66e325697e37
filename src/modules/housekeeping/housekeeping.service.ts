import { Inject, Injectable, Logger } from '@nestjs/common';
import { housekeepingConfig, HousekeepingConfig } from '../../config/configuration';
import { MetricsService } from '../../infrastructure/metrics/metrics.service';
import { JobQueues } from '../../infrastructure/queue/job-queues';
import { HousekeepingCounts, IDEMPOTENCY_KEY_HOURS } from './domain/retention';
import { RetentionRepository } from './retention-repository.port';

/** One housekeeping run: prune every kind of record past its documented retention, log and count what went. */
@Injectable()
export class HousekeepingService {
  private readonly logger = new Logger(HousekeepingService.name);
  private readonly pruned;

  constructor(
    private readonly retention: RetentionRepository,
    private readonly queues: JobQueues,
    @Inject(housekeepingConfig.KEY) private readonly config: HousekeepingConfig,
    metrics: MetricsService,
  ) {
    this.pruned = metrics.counter(
      'housekeeping_pruned_rows_total',
      'Rows (and failed jobs) removed by housekeeping',
      ['kind'],
    );
  }

  async run(): Promise<HousekeepingCounts> {
    const rows = await this.retention.prune({
      deliveriesDays: this.config.deliveriesDays,
      failedJobsDays: this.config.failedJobsDays,
      inboundMailDays: this.config.inboundMailDays,
      expiredTokensDays: this.config.expiredTokensDays,
      idempotencyKeyHours: IDEMPOTENCY_KEY_HOURS,
    });
    // BullMQ trims old failures only when another job of the queue fails: prune them here too, so the bound holds
    const failedJobs = await this.queues.pruneFailed(this.config.failedJobsDays * 86_400_000);
    const counts = { ...rows, failedJobs };
    for (const [kind, n] of Object.entries(counts)) if (n > 0) this.pruned.inc({ kind }, n);
    this.logger.log({ pruned: counts }, 'housekeeping done');
    return counts;
  }
}
