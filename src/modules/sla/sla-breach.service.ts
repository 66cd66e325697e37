import { Injectable, Logger } from '@nestjs/common';
import { EventType } from '../../common/events/domain-event';
import { UnitOfWork } from '../../common/unit-of-work';
import { MetricsService } from '../../infrastructure/metrics/metrics.service';
import { HistoryType } from '../tickets/domain/ticket-enums';
import { SlaTargetName } from './domain/ticket-clock';
import { BreachedTicket, BreachRepository } from './breach-repository.port';
import { TicketRecorder } from '../tickets/ticket-recorder';

/**
 * Marks a breach once per ticket and target: the breach row (its primary key decides between racing workers), the
 * ticket's `breachedAt`, an `SLA_BREACHED` history row and the `sla.breached` event, which notifications turn into
 * in-app notices and mail for the assignee and the department's team leads. All in one transaction.
 */
@Injectable()
export class SlaBreachService {
  private readonly logger = new Logger('SlaBreach');
  private readonly marked;

  constructor(
    private readonly recorder: TicketRecorder,
    private readonly breaches: BreachRepository,
    private readonly uow: UnitOfWork,
    metrics: MetricsService,
  ) {
    this.marked = metrics.counter('sla_breaches_total', 'SLA breaches marked', ['target']);
  }

  /** In the caller's transaction, or its own; null when it was marked already (or is no longer due). */
  mark(ticketId: string, target: SlaTargetName, late?: { dueAt: Date }): Promise<BreachedTicket | null> {
    return this.uow.run(async () => {
      const breach = await this.breaches.mark(ticketId, target, late);
      if (!breach) return null;
      const dueAt = breach.dueAt.toISOString();
      const breachedAt = breach.breachedAt.toISOString();
      await this.recorder.record(
        { ticketId, type: HistoryType.SLA_BREACHED, actorId: null, details: { target, dueAt, breachedAt } },
        { type: EventType.SLA_BREACHED, data: { ticket: breach.ticket, target, dueAt, breachedAt } },
      );
      this.marked.inc({ target });
      this.logger.log({ ticketId, pid: breach.ticket.pid, target, dueAt }, 'SLA breached');
      return breach;
    });
  }
}
