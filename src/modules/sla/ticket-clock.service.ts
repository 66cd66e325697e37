import { Injectable, OnModuleInit } from '@nestjs/common';
import { ProcessReferenceCache } from '../../common/cache/process-reference-cache';
import { UnitOfWork } from '../../common/unit-of-work';
import { ItemRepository } from '../catalog/item-repository.port';
import { DepartmentCalendarChanges } from '../org/department-calendar-changes';
import { Ticket, TicketMessage } from '../tickets/domain/ticket';
import { TicketPriority, TicketStatus } from '../tickets/domain/ticket-enums';
import { TicketLifecycle } from '../tickets/ticket-lifecycle.port';
import { applicablePolicy, SlaTargets, targetsFor } from './domain/sla-policy';
import { ClockState, decidesResolution, dueTimes, isRunning, lateAt } from './domain/ticket-clock';
import { SlaBreachService } from './sla-breach.service';
import { SlaPolicyRepository } from './sla-policy-repository.port';
import { ClockChanges, TicketClockRepository } from './ticket-clock-repository.port';

const RECOMPUTE_BATCH = 200;

/**
 * Keeps each ticket's SLA clock, inside the ticket's own transaction: targets on creation and on a priority change,
 * pauses while the ticket waits (PENDING_USER, PENDING_APPROVAL) or is resolved, the first public staff reply
 * deciding the first response, RESOLVED (or CLOSED without it, never a merge) deciding the resolution. Pauses are stored as they happen, so due times are
 * always a fresh computation from creation time, targets, calendar and pauses.
 */
@Injectable()
export class TicketClockService implements OnModuleInit {
  constructor(
    private readonly lifecycle: TicketLifecycle,
    private readonly clocks: TicketClockRepository,
    private readonly policies: SlaPolicyRepository,
    private readonly items: ItemRepository,
    private readonly breaches: SlaBreachService,
    private readonly uow: UnitOfWork,
    private readonly departmentCalendars: DepartmentCalendarChanges,
    private readonly reference: ProcessReferenceCache,
  ) {}

  onModuleInit(): void {
    this.departmentCalendars.subscribe(async (departmentId) => {
      await this.recomputeDepartment(departmentId);
    });
    this.lifecycle.register({
      onCreated: (_tx, ticket) => this.created(ticket),
      onStatusChanged: (_tx, ticket, from, to) => this.statusChanged(ticket, from, to),
      onPriorityChanged: (_tx, ticket) => this.priorityChanged(ticket),
      onFirstResponse: (_tx, ticket, message) => this.firstResponse(ticket, message),
    });
  }

  private async targetsOf(
    priority: TicketPriority,
    departmentId: string | null,
    serviceItemId: string | null,
  ): Promise<SlaTargets | null> {
    const policy = applicablePolicy(await this.policies.candidates(priority, departmentId), departmentId);
    const item = serviceItemId ? await this.items.findById(serviceItemId) : null;
    return targetsFor(policy, item?.slaResolutionHours ?? null);
  }

  private async created(ticket: Ticket): Promise<void> {
    // a ticket waiting for approval starts with its clock stopped
    const running = isRunning(ticket.status);
    if (!running) await this.clocks.openPause(ticket.id, ticket.createdAt);
    // kept in the process: policies, calendars and departments' calendars change rarely, and each write drops it
    const { policies, calendar } = await this.reference.read(
      `sla:opening:${ticket.priority}:${ticket.departmentId ?? ''}`,
      () => this.clocks.openingPolicies(ticket.priority, ticket.departmentId),
    );
    const item = ticket.serviceItemId ? await this.items.findById(ticket.serviceItemId) : null;
    const targets = targetsFor(
      applicablePolicy(policies, ticket.departmentId),
      item?.slaResolutionHours ?? null,
    );
    if (!targets) return;
    if (policies.length === 0) {
      // the item's target alone: the calendar was not read with the policies
      await this.clocks.save(ticket.id, { targets });
      await this.recompute(ticket.id);
      return;
    }
    // the clock as a fresh ticket has it (nothing decided, at most the pause just opened), so its due times are
    // what loading it back would give, without the round trips
    const undecided = { dueAt: null, breachedAt: null, met: null };
    const { firstResponseDueAt, dueAt } = dueTimes({
      ticketId: ticket.id,
      status: ticket.status,
      priority: ticket.priority,
      departmentId: ticket.departmentId,
      serviceItemId: ticket.serviceItemId,
      createdAt: ticket.createdAt,
      firstResponseAt: null,
      targets,
      firstResponse: undecided,
      resolution: undecided,
      pauses: running ? [] : [{ start: ticket.createdAt, end: null }],
      calendar,
    });
    await this.clocks.save(ticket.id, { targets, firstResponseDueAt, dueAt });
  }

  private async statusChanged(ticket: Ticket, from: TicketStatus, to: TicketStatus): Promise<void> {
    const now = new Date();
    // pauses are kept for every ticket, so one that gains targets later still counts them
    if (isRunning(from) && !isRunning(to)) await this.clocks.openPause(ticket.id, now);
    if (!isRunning(from) && isRunning(to)) await this.clocks.closePause(ticket.id, now);
    const state = await this.clocks.load(ticket.id);
    if (!state?.targets) return;
    const changes: ClockChanges = {};
    if (isRunning(from) && !isRunning(to)) {
      // a target already overdue when the clock stops is marked now: the sweep only looks at running clocks
      for (const target of ['FIRST_RESPONSE', 'RESOLUTION'] as const) {
        const current = target === 'FIRST_RESPONSE' ? state.firstResponse : state.resolution;
        if (current.met === null && current.dueAt && !current.breachedAt && current.dueAt <= now)
          await this.breaches.mark(state.ticketId, target, { dueAt: current.dueAt });
      }
    }
    const resolving = decidesResolution(to, ticket.mergedIntoId !== null);
    if (resolving && state.targets.resolutionMinutes !== null && state.resolution.met === null) {
      changes.resolutionMet = !(await this.decideLate(state, 'RESOLUTION', now));
    } else if (to === TicketStatus.IN_PROGRESS && from === TicketStatus.RESOLVED) {
      // reopened: the resolution clock runs again from where it stood
      changes.resolutionMet = null;
    }
    await this.clocks.save(ticket.id, changes);
    await this.recompute(ticket.id);
  }

  private async priorityChanged(ticket: Ticket): Promise<void> {
    const targets = await this.targetsOf(ticket.priority, ticket.departmentId, ticket.serviceItemId);
    await this.clocks.save(ticket.id, { targets });
    if (targets) await this.recompute(ticket.id);
    else await this.clocks.save(ticket.id, { firstResponseDueAt: null, dueAt: null });
  }

  /** The first public staff reply decides the first response (tickets sets `firstResponseAt` to its time). */
  private async firstResponse(ticket: Ticket, message: TicketMessage): Promise<void> {
    if (message.internal || ticket.firstResponseAt?.getTime() !== message.createdAt.getTime()) return;
    const state = await this.clocks.load(ticket.id);
    if (!state?.targets || state.targets.firstResponseMinutes === null || state.firstResponse.met !== null)
      return;
    const late = await this.decideLate(state, 'FIRST_RESPONSE', message.createdAt);
    await this.clocks.save(ticket.id, { firstResponseMet: !late });
  }

  /** Whether the target reached at `at` was late; a late one not yet marked is marked now, as the sweep would. */
  private async decideLate(
    state: ClockState,
    target: 'FIRST_RESPONSE' | 'RESOLUTION',
    at: Date,
  ): Promise<boolean> {
    const current = target === 'FIRST_RESPONSE' ? state.firstResponse : state.resolution;
    const late = lateAt(current, at);
    if (late && !current.breachedAt && current.dueAt) {
      await this.breaches.mark(state.ticketId, target, { dueAt: current.dueAt });
    }
    return late;
  }

  /** Due times again from the stored targets, pauses and the department's calendar as it is now. */
  async recompute(ticketId: string, lock = false): Promise<void> {
    const state = await this.clocks.load(ticketId, lock);
    if (!state?.targets) return;
    const { firstResponseDueAt, dueAt } = dueTimes(state);
    await this.clocks.save(ticketId, { firstResponseDueAt, dueAt });
  }

  /** After a calendar edit: every open ticket of the departments using it, a batch per transaction. */
  recomputeCalendar(calendarId: string): Promise<number> {
    return this.recomputeOpen((after) =>
      this.clocks.openTicketsOfCalendar(calendarId, after, RECOMPUTE_BATCH),
    );
  }

  /** After a department switched calendars (or dropped its own): its open tickets, a batch per transaction. */
  recomputeDepartment(departmentId: string): Promise<number> {
    return this.recomputeOpen((after) =>
      this.clocks.openTicketsOfDepartment(departmentId, after, RECOMPUTE_BATCH),
    );
  }

  private async recomputeOpen(batchAfter: (afterId: string | null) => Promise<string[]>): Promise<number> {
    let after: string | null = null;
    let count = 0;
    for (;;) {
      const ids = await batchAfter(after);
      if (ids.length === 0) return count;
      await this.uow.run(async () => {
        for (const id of ids) await this.recompute(id, true);
      });
      count += ids.length;
      after = ids[ids.length - 1];
    }
  }
}
