import { Injectable, Logger } from '@nestjs/common';
import { Actor } from '../../common/auth/actor';
import { ConflictError, ForbiddenError, ValidationFailedError } from '../../common/errors/domain-errors';
import { EventType } from '../../common/events/domain-event';
import { UnitOfWork } from '../../common/unit-of-work';
import { MetricsService } from '../../infrastructure/metrics/metrics.service';
import { Ticket, ticketSnapshot } from '../tickets/domain/ticket';
import { TicketSummaryCache } from '../tickets/ticket-summary-cache.port';
import { TicketRecorder } from '../tickets/ticket-recorder';
import { TicketRepository } from '../tickets/ticket-repository.port';
import { TicketJournal } from '../tickets/ticket-journal.port';
import { AssignmentDirectory } from './assignment-directory.port';
import {
  AssignmentMeta,
  AssignmentStrategy,
  AssignmentTarget,
  isTerminal,
  NO_ELIGIBLE_AGENT,
  planAssignment,
} from './domain/assignment-change';
import {
  checkAssigner,
  checkRoundRobinRequester,
  checkTeamAssigner,
  ineligibilityOf,
} from './domain/assignment-eligibility';
import { RoundRobinService } from './round-robin.service';
import { AssignRequest, TicketAssignment } from './ticket-assignment.port';

export type { AssignRequest } from './ticket-assignment.port';

interface Outcome {
  ticket: Ticket;
  previous: Ticket;
  actorId: string | null;
  meta: AssignmentMeta;
  /** false when only a history row was written (round robin found nobody for an unassigned ticket) */
  changed: boolean;
}

type Result = { ticket: Ticket; outcome: Outcome | null };

/**
 * Assignment of tickets to people and teams. Every change is one transaction: the ticket row (version bumped),
 * its ASSIGNED/UNASSIGNED history row and the `ticket.assigned` outbox event, which notifies the new assignee.
 */
@Injectable()
export class AssignmentService extends TicketAssignment {
  private readonly logger = new Logger('TicketAssignment');
  private readonly assignments;

  constructor(
    private readonly journal: TicketJournal,
    private readonly ticketRows: TicketRepository,
    private readonly recorder: TicketRecorder,
    private readonly directory: AssignmentDirectory,
    private readonly roundRobin: RoundRobinService,
    private readonly uow: UnitOfWork,
    private readonly summaryCache: TicketSummaryCache,
    metrics: MetricsService,
  ) {
    super();
    this.assignments = metrics.counter('ticket_assignments_total', 'Ticket assignment changes', ['strategy']);
  }

  /** `POST /tickets/:id/assign`: the ticket must be visible to the caller (404) and not CLOSED/CANCELLED (409). */
  async assign(user: Actor, ticketId: string, request: AssignRequest): Promise<Ticket> {
    const viewer = user;
    const { ticket, outcome } = await this.uow.run(async (): Promise<Result> => {
      const locked = await this.journal.lock(viewer, ticketId);
      if (isTerminal(locked.status)) {
        throw new ConflictError(`A ${locked.status} ticket cannot be assigned`);
      }
      if ('assigneeId' in request) return this.toPerson(viewer, locked, request.assigneeId);
      if ('teamId' in request) return this.toTeam(viewer, locked, request.teamId);
      const check = checkRoundRobinRequester(viewer, locked.departmentId);
      if (!check.ok) throw new ForbiddenError(check.reason);
      return this.byRoundRobin(locked, viewer.id, false);
    });
    if (outcome) this.report(outcome);
    // who holds what feeds the reports: their caches must not outlive this change
    await this.uow.afterCommit(() => this.summaryCache.invalidate(ticket.departmentId));
    return ticket;
  }

  /**
   * Round-robins a locked ticket as the system (auto-assign departments), in the caller's transaction, e.g. inside
   * the reaction to `ticket.created`.
   */
  async autoAssign(ticket: Ticket): Promise<Ticket> {
    const { ticket: next, outcome } = await this.uow.run(() => this.byRoundRobin(ticket, null, true));
    if (outcome) this.report(outcome);
    return next;
  }

  private async toPerson(viewer: Actor, ticket: Ticket, requested: string): Promise<Result> {
    const id = requested.toLowerCase();
    const assigneeId = id === 'me' ? viewer.id : id;
    const assignee = await this.directory.assignee(assigneeId);
    const why = ineligibilityOf(assignee, ticket.departmentId);
    if (why || !assignee) throw new ConflictError(`The ticket cannot be assigned to this user: ${why}`);
    const check = checkAssigner(viewer, assignee);
    if (!check.ok) throw new ForbiddenError(check.reason);
    const strategy = assigneeId === viewer.id ? AssignmentStrategy.SELF : AssignmentStrategy.MANUAL;
    return this.apply(ticket, { assigneeId }, { strategy }, viewer.id);
  }

  private async toTeam(viewer: Actor, ticket: Ticket, teamId: string): Promise<Result> {
    const team = await this.directory.activeTeam(teamId.toLowerCase());
    if (!team) {
      throw new ValidationFailedError('teamId names no active team', [
        { field: 'teamId', message: 'no such active team' },
      ]);
    }
    if (team.departmentId !== ticket.departmentId) {
      throw new ConflictError("The team belongs to another department than the ticket's");
    }
    const check = checkTeamAssigner(viewer, team);
    if (!check.ok) throw new ForbiddenError(check.reason);
    return this.apply(
      ticket,
      { assigneeId: null, teamId: team.id },
      { strategy: AssignmentStrategy.TEAM },
      viewer.id,
    );
  }

  private async byRoundRobin(ticket: Ticket, actorId: string | null, auto: boolean): Promise<Result> {
    const pick = await this.roundRobin.pick(ticket);
    const meta: AssignmentMeta = { strategy: AssignmentStrategy.ROUND_ROBIN };
    if (auto) meta.auto = true;
    if (pick.fallback) meta.fallback = 'LEAST_OPEN_TICKETS';
    if (!pick.assigneeId) meta.reason = NO_ELIGIBLE_AGENT;
    return this.apply(ticket, { assigneeId: pick.assigneeId }, meta, actorId);
  }

  private async apply(
    ticket: Ticket,
    target: AssignmentTarget,
    meta: AssignmentMeta,
    actorId: string | null,
  ): Promise<Result> {
    const plan = planAssignment(ticket, target, meta);
    if (!plan.history) return { ticket, outcome: null };
    const changed = Object.keys(plan.changes).length > 0;
    let next = ticket;
    if (changed) {
      // the row is locked, so the version cannot have moved; the check only guards against misuse
      const updated = await this.ticketRows.update(ticket.id, plan.changes, ticket.version);
      if (!updated) throw new ConflictError('The ticket changed meanwhile; reload it');
      next = updated;
    }
    // round robin finding nobody for an unassigned ticket leaves a history row and no event
    await this.recorder.record(
      { ticketId: ticket.id, type: plan.history.type, actorId, details: plan.history.details },
      changed
        ? {
            type: EventType.TICKET_ASSIGNED,
            data: {
              ticket: ticketSnapshot(next),
              previousAssigneeId: ticket.assigneeId,
              assigneeId: next.assigneeId,
              strategy: meta.strategy,
              auto: meta.auto ?? false,
            },
          }
        : [],
    );
    return { ticket: next, outcome: { ticket: next, previous: ticket, actorId, meta, changed } };
  }

  private report({ ticket, previous, actorId, meta, changed }: Outcome): void {
    const fields = {
      ticketId: ticket.id,
      pid: ticket.pid,
      actorId,
      from: previous.assigneeId,
      to: ticket.assigneeId,
      teamId: ticket.teamId,
      strategy: meta.strategy,
      auto: meta.auto ?? false,
      ...(meta.fallback ? { fallback: meta.fallback } : {}),
    };
    if (meta.reason) {
      this.logger.warn({ ...fields, reason: meta.reason }, 'ticket left unassigned by round robin');
    }
    if (!changed) return;
    this.assignments.inc({ strategy: meta.auto ? 'AUTO_ROUND_ROBIN' : meta.strategy });
    this.logger.log(
      fields,
      `ticket ${ticket.pid} assigned: ${previous.assigneeId ?? '-'} → ${ticket.assigneeId ?? '-'}`,
    );
  }
}
