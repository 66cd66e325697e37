import { Logger } from '@nestjs/common';
import { Actor } from '../../common/auth/actor';
import { scopeOf, SYSTEM_ACCESS } from '../../common/auth/scope-policy';
import { ForbiddenError, InvalidTransitionError, NotFoundError } from '../../common/errors/domain-errors';
import { EventType } from '../../common/events/domain-event';
import { EventPublisher } from '../../common/events/event-publisher';
import { UnitOfWork } from '../../common/unit-of-work';
import { MetricsService } from '../../infrastructure/metrics/metrics.service';
import { Ticket, TicketMessage, ticketSnapshot } from './domain/ticket';
import { HistoryType, TicketStatus } from './domain/ticket-enums';
import { messageEffects } from './domain/ticket-access';
import {
  checkTransition,
  mergedTimestamps,
  TransitionActor,
  timestampsAfter,
} from './domain/ticket-transitions';
import { TicketJournal } from './ticket-journal.port';
import { TicketLifecycleRegistry } from './ticket-lifecycle.registry';
import { TicketSummaryCache } from './ticket-summary-cache.port';
import { TicketHistoryRepository } from './ticket-history-repository.port';
import { TicketRepository } from './ticket-repository.port';
import { TicketRecorder } from './ticket-recorder';
import { Implements } from '../../common/di/implements';

/** The journal over the ticket, history and outbox repositories (see TicketJournal). */
@Implements(TicketJournal)
export class TicketJournalService extends TicketJournal {
  private readonly logger = new Logger('TicketLifecycle');
  private readonly transitions;

  constructor(
    private readonly tickets: TicketRepository,
    private readonly history: TicketHistoryRepository,
    private readonly events: EventPublisher,
    private readonly recorder: TicketRecorder,
    private readonly uow: UnitOfWork,
    private readonly lifecycle: TicketLifecycleRegistry,
    private readonly summaryCache: TicketSummaryCache,
    metrics: MetricsService,
  ) {
    super();
    this.transitions = metrics.counter('ticket_status_transitions_total', 'Ticket status changes', [
      'from',
      'to',
    ]);
  }

  async lock(actor: Actor, ticketId: string): Promise<Ticket> {
    const ticket = await this.tickets.lockVisible(scopeOf(actor), ticketId);
    if (!ticket) throw new NotFoundError('Ticket');
    return ticket;
  }

  async reread(ticketId: string): Promise<Ticket> {
    return (await this.tickets.findVisible(SYSTEM_ACCESS, { id: ticketId }))!;
  }

  async move(
    ticket: Ticket,
    to: TicketStatus,
    actors: readonly TransitionActor[],
    actorId: string | null,
    reason?: string,
  ): Promise<Ticket> {
    const check = checkTransition(ticket.status, to, actors);
    if (!check.ok) {
      if (check.reason === 'invalid') {
        throw new InvalidTransitionError(`A ticket cannot go from ${ticket.status} to ${to}`);
      }
      throw new ForbiddenError(`You may not move this ticket from ${ticket.status} to ${to}`);
    }
    const next = (await this.tickets.update(ticket.id, {
      status: to,
      ...timestampsAfter(to, new Date(), ticket.status),
    }))!;
    // also when the move is part of another module's transaction (approval decisions, macros): after it commits
    await this.uow.afterCommit(() => this.summaryCache.invalidate(next.departmentId));
    return this.recordMove(ticket, next, actorId, reason ? { reason } : {});
  }

  async closeMerged(ticket: Ticket, target: Pick<Ticket, 'id' | 'pid'>, actorId: string): Promise<Ticket> {
    const next = (await this.tickets.update(ticket.id, {
      status: TicketStatus.CLOSED,
      ...mergedTimestamps(new Date()),
      mergedIntoId: target.id,
    }))!;
    return this.recordMove(ticket, next, actorId, {
      reason: `merged into ${target.pid}`,
      mergedInto: { id: target.id, pid: target.pid },
    });
  }

  private async recordMove(
    ticket: Ticket,
    next: Ticket,
    actorId: string | null,
    details: Record<string, unknown>,
  ): Promise<Ticket> {
    const to = next.status;
    await this.recorder.record(
      {
        ticketId: ticket.id,
        type: HistoryType.STATUS_CHANGED,
        actorId,
        details: { from: ticket.status, to, ...details },
      },
      async () => {
        // the lifecycle observers run once the row is written, before the event
        await this.lifecycle.statusChanged(next, ticket.status, to, actorId);
        return {
          type: EventType.TICKET_STATUS_CHANGED,
          data: { ticket: ticketSnapshot(next), from: ticket.status, to, ...details },
        };
      },
    );
    this.transitions.inc({ from: ticket.status, to });
    this.logger.log(
      { ticketId: ticket.id, pid: ticket.pid, actorId, from: ticket.status, to },
      'ticket status changed',
    );
    // observers and reactions to the event (auto-assignment when a ticket opens) may have changed it meanwhile
    return this.reread(ticket.id);
  }

  async recordMessage(ticket: Ticket, message: TicketMessage, author: Actor): Promise<void> {
    await this.history.append({
      ticketId: ticket.id,
      type: message.internal ? HistoryType.NOTE_ADDED : HistoryType.MESSAGE_ADDED,
      actorId: author.id,
      details: { messageId: message.id },
      internal: message.internal,
    });
    let current = ticket;
    const { firstResponse } = messageEffects(author, ticket, message.internal);
    if (firstResponse) {
      current = (await this.tickets.update(ticket.id, { firstResponseAt: message.createdAt }))!;
    }
    await this.lifecycle.messageAdded(current, message);
    if (firstResponse) await this.lifecycle.firstResponded(current, message);
    await this.events.publish({
      type: message.internal ? EventType.TICKET_NOTE_ADDED : EventType.TICKET_MESSAGE_ADDED,
      aggregateId: ticket.id,
      actorId: author.id,
      data: {
        ticket: ticketSnapshot(current),
        messageId: message.id,
        internal: message.internal,
        authorId: author.id,
        byRequester: author.id === ticket.requesterId,
      },
    });
    // The requester answering a question, or replying to a resolved ticket, puts it back in progress by itself.
    if (!message.internal && author.id === ticket.requesterId) {
      if (current.status === TicketStatus.PENDING_USER)
        await this.move(current, TicketStatus.IN_PROGRESS, ['SYSTEM'], author.id, 'requester replied');
      else if (current.status === TicketStatus.RESOLVED)
        await this.move(current, TicketStatus.IN_PROGRESS, ['REQUESTER'], author.id, 'requester replied');
    }
  }
}
