import { Injectable, Logger } from '@nestjs/common';
import { TicketSummaryCache } from '../tickets/ticket-summary-cache.port';
import { SlaBreachService } from './sla-breach.service';
import { BreachRepository } from './breach-repository.port';

const BATCH = 200;
/** a run stops after this many batches; the next run (within the interval) goes on */
const MAX_BATCHES = 25;

/**
 * One sweep: every running target past its due time and not yet marked is marked, oldest first. A worker that was
 * down catches up on its first run, since the query asks for everything overdue, however old.
 */
@Injectable()
export class SlaBreachSweepService {
  private readonly logger = new Logger('SlaBreachSweep');

  constructor(
    private readonly breaches: BreachRepository,
    private readonly breach: SlaBreachService,
    private readonly summaryCache: TicketSummaryCache,
  ) {}

  async sweep(): Promise<{ marked: number }> {
    let marked = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const overdue = await this.breaches.overdue(BATCH);
      let markedNow = 0;
      for (const { ticketId, target } of overdue) {
        // each in its own transaction: one failing ticket does not hold the others back
        const breach = await this.breach.mark(ticketId, target);
        if (!breach) continue;
        markedNow++;
        await this.summaryCache.invalidate(breach.ticket.departmentId);
      }
      marked += markedNow;
      // nothing new marked: what is left is being marked by another worker right now
      if (overdue.length < BATCH || markedNow === 0) break;
    }
    if (marked > 0) this.logger.log({ marked }, 'SLA sweep marked breaches');
    return { marked };
  }
}
