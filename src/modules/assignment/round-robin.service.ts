import { Injectable, Logger } from '@nestjs/common';
import { MetricsService } from '../../infrastructure/metrics/metrics.service';
import { Ticket } from '../tickets/domain/ticket';
import { AssignmentDirectory } from './assignment-directory.port';
import { canonicalOrder, pickRoundRobin, poolKey, poolOf } from './domain/round-robin';
import { RotationCounter, RotationUnavailableError } from './rotation-counter.port';

export interface RoundRobinPick {
  /** null when the pool has no available, active agent */
  assigneeId: string | null;
  /** the rotation was unreachable and the least-loaded agent was taken instead */
  fallback: boolean;
}

/**
 * Picks the next agent of a ticket's pool (its team, else its department): the available, active AGENTs in id
 * order, indexed by a counter that every API instance advances atomically in Redis. Without Redis it degrades to
 * the agent with the fewest open tickets, so assignment keeps working (less evenly) during an outage.
 */
@Injectable()
export class RoundRobinService {
  private readonly logger = new Logger('RoundRobin');
  private readonly degraded;

  constructor(
    private readonly directory: AssignmentDirectory,
    private readonly counter: RotationCounter,
    metrics: MetricsService,
  ) {
    this.degraded = metrics.counter(
      'ticket_round_robin_degraded_total',
      'Round-robin assignments that could not use the rotation',
      ['reason'],
    );
  }

  async pick(ticket: Ticket): Promise<RoundRobinPick> {
    const pool = poolOf(ticket);
    const agents = pool ? canonicalOrder(await this.directory.availableAgents(pool)) : [];
    if (!pool || agents.length === 0) {
      this.degraded.inc({ reason: 'no_eligible_agent' });
      return { assigneeId: null, fallback: false };
    }
    try {
      const n = await this.counter.next(poolKey(pool));
      return { assigneeId: pickRoundRobin(agents, n), fallback: false };
    } catch (err) {
      if (!(err instanceof RotationUnavailableError)) throw err;
      const assigneeId = await this.directory.leastLoadedAgent(pool);
      this.degraded.inc({ reason: 'rotation_unavailable' });
      this.logger.warn(
        {
          event: 'round_robin_degraded',
          ticketId: ticket.id,
          pid: ticket.pid,
          pool: poolKey(pool),
          cause: err.message,
          fallback: 'least_open_tickets',
          assigneeId,
        },
        'round-robin rotation unavailable (Redis); assigned the agent with the fewest open tickets',
      );
      return { assigneeId, fallback: true };
    }
  }
}
