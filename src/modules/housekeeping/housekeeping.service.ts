import { Inject, Injectable, Logger } from '@nestjs/common';
import { housekeepingConfig, HousekeepingConfig } from '../../config/configuration';
import { MetricsService } from '../../infrastructure/metrics/metrics.service';
import { IDEMPOTENCY_KEY_HOURS, PruneCounts } from './domain/retention';
import { RetentionRepository } from './retention.repository';

/** One housekeeping run: prune every kind of record past its documented retention, log and count what went. */
@Injectable()
export class HousekeepingService {
  private readonly logger = new Logger(HousekeepingService.name);
  private readonly pruned;

  constructor(
    private readonly retention: RetentionRepository,
    @Inject(housekeepingConfig.KEY) private readonly config: HousekeepingConfig,
    metrics: MetricsService,
  ) {
    this.pruned = metrics.counter('housekeeping_pruned_rows_total', 'Rows removed by housekeeping', ['kind']);
  }

  async run(): Promise<PruneCounts> {
    const counts = await this.retention.prune({
      deliveriesDays: this.config.deliveriesDays,
      inboundMailDays: this.config.inboundMailDays,
      expiredTokensDays: this.config.expiredTokensDays,
      idempotencyKeyHours: IDEMPOTENCY_KEY_HOURS,
    });
    for (const [kind, n] of Object.entries(counts)) if (n > 0) this.pruned.inc({ kind }, n);
    this.logger.log({ pruned: counts }, 'housekeeping done');
    return counts;
  }
}
