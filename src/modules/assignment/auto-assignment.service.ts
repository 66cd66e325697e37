import { SYSTEM_ACCESS } from '../../common/auth/scope-policy';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { ProcessReferenceCache } from '../../common/cache/process-reference-cache';
import { EventType, StoredEvent } from '../../common/events/domain-event';
import { EventReactions } from '../../common/events/event-publisher';
import { TicketStatus } from '../tickets/domain/ticket-enums';
import { TicketRepository } from '../tickets/ticket-repository.port';
import { AssignmentDirectory } from './assignment-directory.port';
import { AssignmentService } from './assignment.service';

/**
 * Auto-assignment: a department with `autoAssign` round-robins each ticket that opens in it — on creation, and when
 * an approval chain moves it from PENDING_APPROVAL to OPEN. Runs as an in-process reaction, inside the transaction
 * of the change that published the event, so the ticket is created (or opened) and assigned atomically.
 */
@Injectable()
export class AutoAssignmentService implements OnModuleInit {
  constructor(
    private readonly reactions: EventReactions,
    private readonly tickets: TicketRepository,
    private readonly directory: AssignmentDirectory,
    private readonly assignment: AssignmentService,
    private readonly reference: ProcessReferenceCache,
  ) {}

  onModuleInit(): void {
    this.reactions.on(EventType.TICKET_CREATED, (event) => this.assignIfAutomatic(event));
    this.reactions.on(EventType.TICKET_STATUS_CHANGED, async (event) => {
      const { from, to } = event.data;
      if (from === (TicketStatus.PENDING_APPROVAL as string) && to === (TicketStatus.OPEN as string)) {
        await this.assignIfAutomatic(event);
      }
    });
  }

  private async assignIfAutomatic(
    event: StoredEvent<EventType.TICKET_CREATED | EventType.TICKET_STATUS_CHANGED>,
  ): Promise<void> {
    // the event's snapshot was taken in this transaction: most departments do not auto-assign, and their tickets
    // are then left alone without locking the row (a creation holds the month's PID counter until it commits)
    const departmentId = event.data.ticket.departmentId;
    if (!event.aggregateId || !departmentId || !(await this.autoAssigns(departmentId))) return;
    const ticket = await this.tickets.lockVisible(SYSTEM_ACCESS, event.aggregateId);
    // a ticket waiting for approval is assigned when it opens; one that already has someone keeps them
    if (!ticket || ticket.status !== TicketStatus.OPEN || ticket.assigneeId || !ticket.departmentId) return;
    await this.assignment.autoAssign(ticket);
  }

  /** kept in the process: departments' flags change rarely, and each write to a department drops it */
  private autoAssigns(departmentId: string): Promise<boolean> {
    return this.reference.read(`assignment:auto:${departmentId}`, () =>
      this.directory.autoAssigns(departmentId),
    );
  }
}
