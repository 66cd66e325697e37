import { Injectable, Logger } from '@nestjs/common';
import { safeError } from '../../infrastructure/logging/safe-error';
import { MetricsService } from '../../infrastructure/metrics/metrics.service';
import { TicketSummaryCache } from '../tickets/ticket-summary-cache.port';
import { SlaBreachService } from './sla-breach.service';
import { BreachRepository, OverdueTarget } from './breach-repository.port';

const BATCH = 200;
/** a run stops after this many batches; the next run (within the interval) goes on */
const MAX_BATCHES = 25;

/**
 * One sweep: every running target past its due time and not yet marked is marked, oldest first. A worker that was
 * down catches up on its first run, since the query asks for everything overdue, however old. Each ticket is marked
 * in its own transaction, and one that fails (a lock timeout, a constraint) is logged, counted in
 * `sla_breach_mark_failures_total` and left for the next run, while the sweep goes on with the others: later batches
 * of the run leave out what failed, so each failure is tried, logged and counted once a run, and failures, however
 * many, never hold back the targets behind them.
 */
@Injectable()
export class SlaBreachSweepService {
  private readonly logger = new Logger('SlaBreachSweep');
  private readonly failures;

  constructor(
    private readonly breaches: BreachRepository,
    private readonly breach: SlaBreachService,
    private readonly summaryCache: TicketSummaryCache,
    metrics: MetricsService,
  ) {
    this.failures = metrics.counter(
      'sla_breach_mark_failures_total',
      'Overdue SLA targets the sweep failed to mark (retried on its next run)',
      ['target'],
    );
  }

  async sweep(): Promise<{ marked: number; failed: number }> {
    let marked = 0;
    const failedTargets: OverdueTarget[] = [];
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const overdue = await this.breaches.overdue(BATCH, failedTargets);
      let markedNow = 0;
      let failedNow = 0;
      for (const { ticketId, target } of overdue) {
        let breach;
        try {
          breach = await this.breach.mark(ticketId, target);
        } catch (err) {
          failedNow++;
          failedTargets.push({ ticketId, target });
          this.failures.inc({ target });
          this.logger.error(
            { ticketId, target, err: safeError(err) },
            'SLA breach could not be marked; the sweep goes on with the other tickets',
          );
          continue;
        }
        if (!breach) continue;
        markedNow++;
        await this.summaryCache.invalidate(breach.ticket.departmentId);
      }
      marked += markedNow;
      // nothing marked and nothing new failed: what is left is being marked by another worker right now
      if (overdue.length < BATCH || markedNow + failedNow === 0) break;
    }
    const failed = failedTargets.length;
    if (marked > 0 || failed > 0) this.logger.log({ marked, failed }, 'SLA sweep marked breaches');
    return { marked, failed };
  }
}
