import { pidPeriod } from './domain/pid';
import { Logger } from '@nestjs/common';
import { Actor } from '../../common/auth/actor';
import { scopeOf } from '../../common/auth/scope-policy';
import {
  ConflictError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  invalidField,
  NotFoundError,
  ValidationFailedError,
} from '../../common/errors/domain-errors';
import { EventType } from '../../common/events/domain-event';
import { EventPublisher } from '../../common/events/event-publisher';
import { UnitOfWork } from '../../common/unit-of-work';
import { MetricsService } from '../../infrastructure/metrics/metrics.service';
import { Ticket, TicketMessage, ticketSnapshot } from './domain/ticket';
import { pick, requestHash } from './domain/ticket-input';
import { HistoryType, TicketStatus } from './domain/ticket-enums';
import { actorsOf, canEdit, canMessage, EditableField, messageEffects } from './domain/ticket-access';
import {
  CreateTicketInput,
  MessageOrigin,
  TicketCommands,
  TicketOrigin,
  UpdateTicketInput,
} from './ticket-commands.port';
import { PluggableTicketIntake } from './ticket-intake.slot';
import { TicketJournal } from './ticket-journal.port';
import { TicketLifecycleRegistry } from './ticket-lifecycle.registry';
import { createdEventData, filingOf } from './ticket-filing';
import { TicketLinkRepository } from './ticket-links.port';
import { TicketReferences } from './ticket-references.port';
import { TicketSummaryCache } from './ticket-summary-cache.port';
import { IdempotencyRepository } from './idempotency-repository.port';
import { TicketChanges, TicketRepository } from './ticket-repository.port';
import { validatedChanges } from './ticket-edits';
import { TicketEvent, TicketRecorder } from './ticket-recorder';
import { TicketMessageRepository } from './ticket-message-repository.port';
import { Implements } from '../../common/di/implements';

/** The ticket commands (see TicketCommands); every change goes through the journal's primitives. */
@Implements(TicketCommands)
export class TicketCommandsService extends TicketCommands {
  private readonly logger = new Logger('TicketLifecycle');
  private readonly created;

  constructor(
    private readonly tickets: TicketRepository,
    private readonly messages: TicketMessageRepository,
    private readonly recorder: TicketRecorder,
    private readonly idempotencyKeys: IdempotencyRepository,
    private readonly references: TicketReferences,
    private readonly summaryCache: TicketSummaryCache,
    private readonly events: EventPublisher,
    private readonly uow: UnitOfWork,
    private readonly lifecycle: TicketLifecycleRegistry,
    private readonly intake: PluggableTicketIntake,
    private readonly links: TicketLinkRepository,
    private readonly journal: TicketJournal,
    metrics: MetricsService,
  ) {
    super();
    this.created = metrics.counter('tickets_created_total', 'Tickets created', ['priority']);
  }

  async takePid(departmentId?: string): Promise<string> {
    const pid = await this.tickets.takePid(pidPeriod(new Date()), departmentId ?? null);
    if (!pid) throw invalidField('departmentId', 'no such active department');
    return pid;
  }

  async create(
    actor: Actor,
    input: CreateTicketInput,
    idempotencyKey?: string,
    origin: TicketOrigin = {},
  ): Promise<Ticket> {
    const result = await this.uow.run(async () => {
      if (idempotencyKey) {
        const claim = await this.idempotencyKeys.claim(actor.id, idempotencyKey, requestHash(input));
        if (claim.state === 'mismatch') throw new IdempotencyKeyReusedError();
        if (claim.state === 'replay') {
          const first = await this.tickets.findVisible(scopeOf(actor), { id: claim.ticketId });
          if (!first) throw new NotFoundError('Ticket');
          return { ticket: first, replayed: true };
        }
      }
      const key = idempotencyKey ? { userId: actor.id, key: idempotencyKey } : undefined;
      const ticket = await this.insertTicket(actor, input, origin, key);
      // observers (approvals, SLA) and event reactions (auto-assignment) may have changed it in this transaction
      const changed = this.uow.wroteRow('tickets', ticket.id);
      return { ticket: changed ? await this.journal.reread(ticket.id) : ticket, replayed: false };
    });
    if (!result.replayed) {
      await this.uow.afterCommit(() => this.summaryCache.invalidate(result.ticket.departmentId));
      this.created.inc({ priority: result.ticket.priority });
      this.logger.log(
        { ticketId: result.ticket.id, pid: result.ticket.pid, actorId: actor.id, to: result.ticket.status },
        'ticket created',
      );
    }
    return result.ticket;
  }

  /** Files the ticket (PID, history, idempotency key in one statement), tells the observers and publishes it. */
  private async insertTicket(
    actor: Actor,
    input: CreateTicketInput,
    origin: TicketOrigin,
    idempotencyKey?: { userId: string; key: string },
  ): Promise<Ticket> {
    const { ticket: row, filing } = filingOf(actor, await this.intake.resolve(input), origin, idempotencyKey);
    const ticket = await this.tickets.file(row, filing);
    // the filing checks the department in the same statement
    if (!ticket) throw invalidField('departmentId', 'no such active department');
    if (origin.followUpOf) await this.links.add(ticket.id, origin.followUpOf.id, 'RELATED', actor.id);
    await this.lifecycle.created(ticket);
    await this.events.publish({
      type: EventType.TICKET_CREATED,
      aggregateId: ticket.id,
      actorId: actor.id,
      data: createdEventData(ticket, origin),
    });
    return ticket;
  }

  async update(actor: Actor, ticketId: string, input: UpdateTicketInput, ifMatch?: number): Promise<Ticket> {
    const fields = (Object.keys(input) as EditableField[]).filter((k) => input[k] !== undefined);
    if (fields.length === 0) throw new ValidationFailedError('Nothing to change: send at least one field');
    const updated = await this.uow.run(async () => {
      const ticket = await this.journal.lock(actor, ticketId);
      if (ifMatch !== undefined && ifMatch !== ticket.version) {
        throw new ConflictError(
          `The ticket changed since version ${ifMatch} (it is at ${ticket.version}); reload it`,
        );
      }
      const check = canEdit(actor, ticket, fields);
      if (!check.ok) throw new ForbiddenError(check.reason);
      const changes = await validatedChanges(ticket, input, this.intake, this.references);
      const changed = (Object.keys(changes) as Array<keyof TicketChanges>).filter(
        (k) => JSON.stringify(changes[k]) !== JSON.stringify(ticket[k]),
      );
      if (changed.length === 0) return ticket;
      const next = (await this.tickets.update(ticket.id, pick(changes, changed), ticket.version))!;
      await this.recorder.record(
        changed.map((field) => ({
          ticketId: ticket.id,
          actorId: actor.id,
          ...(field === 'priority'
            ? { type: HistoryType.PRIORITY_CHANGED, details: { from: ticket.priority, to: next.priority } }
            : { type: HistoryType.FIELD_CHANGED, details: { field, from: ticket[field], to: next[field] } }),
        })),
        async (): Promise<TicketEvent[]> => {
          const events: TicketEvent[] = [];
          if (changed.includes('priority')) {
            // the lifecycle observers (SLA targets) run once the rows are written, before the events
            await this.lifecycle.priorityChanged(next, ticket.priority, next.priority);
            events.push({
              type: EventType.TICKET_PRIORITY_CHANGED,
              data: { ticket: ticketSnapshot(next), from: ticket.priority, to: next.priority },
            });
          }
          events.push({
            type: EventType.TICKET_UPDATED,
            data: { ticket: ticketSnapshot(next), fields: changed },
          });
          return events;
        },
      );
      // observers (SLA targets on a priority change) may have changed it in this transaction
      return changed.includes('priority') ? this.journal.reread(ticket.id) : next;
    });
    await this.uow.afterCommit(() => this.summaryCache.invalidate(updated.departmentId));
    // the answer as the caller reads it (the ticket it was merged into named only if they may see that too)
    return this.tickets.seenBy(scopeOf(actor), updated);
  }

  async changeStatus(actor: Actor, ticketId: string, to: TicketStatus, reason?: string): Promise<Ticket> {
    const updated = await this.uow.run(async () => {
      const ticket = await this.journal.lock(actor, ticketId);
      return this.journal.move(ticket, to, actorsOf(actor, ticket), actor.id, reason);
    });
    await this.uow.afterCommit(() => this.summaryCache.invalidate(updated.departmentId));
    return updated;
  }

  /**
   * A reply or (staff) an internal note. `origin` marks messages that arrived another way, such as by email with
   * their Message-ID (unique, so the same mail never adds two messages).
   */
  async addMessage(
    actor: Actor,
    ticketId: string,
    body: string,
    internal: boolean,
    origin?: MessageOrigin,
  ): Promise<TicketMessage> {
    const plain = await this.addPlainMessage(actor, ticketId, body, internal, origin);
    if (plain) return plain;
    const { message, departmentId } = await this.uow.run(async () => {
      const ticket = await this.journal.lock(actor, ticketId);
      const check = canMessage(actor, ticket, internal);
      if (!check.ok) throw new ForbiddenError(check.reason);
      const added = await this.messages.add({
        ticketId: ticket.id,
        authorId: actor.id,
        body,
        internal,
        ...origin,
      });
      await this.journal.recordMessage(ticket, added, actor);
      return { message: added, departmentId: ticket.departmentId };
    });
    await this.uow.afterCommit(() => this.summaryCache.invalidate(departmentId));
    return message;
  }

  /**
   * A message that changes nothing else on its ticket (no first response, no status change, no observer of every
   * message, no in-process reaction to its event): checked on the ticket as read, then written with its history entry
   * and outbox event in one statement that holds while the ticket is still as read. Null when it does more, or the
   * ticket changed meanwhile: the caller then takes the transactional path.
   */
  private async addPlainMessage(
    actor: Actor,
    ticketId: string,
    body: string,
    internal: boolean,
    origin?: MessageOrigin,
  ): Promise<TicketMessage | null> {
    if (this.lifecycle.observes('onMessageAdded')) return null;
    const scope = scopeOf(actor);
    const ticket = await this.tickets.findVisible(scope, { id: ticketId });
    if (!ticket) throw new NotFoundError('Ticket');
    const check = canMessage(actor, ticket, internal);
    if (!check.ok) throw new ForbiddenError(check.reason);
    const effects = messageEffects(actor, ticket, internal);
    if (effects.firstResponse || effects.reopens) return null;
    const event = this.events.stage({
      type: internal ? EventType.TICKET_NOTE_ADDED : EventType.TICKET_MESSAGE_ADDED,
      aggregateId: ticket.id,
      actorId: actor.id,
      data: {
        ticket: ticketSnapshot(ticket),
        messageId: '', // set by the statement to the new message's id
        internal,
        authorId: actor.id,
        byRequester: actor.id === ticket.requesterId,
      },
    });
    if (!event) return null;
    // a plain message changes neither the counts by status nor any report figure: no cache to drop
    return this.messages.addRecorded(
      { ticketId: ticket.id, authorId: actor.id, body, internal, ...origin },
      {
        ticket: { id: ticket.id, version: ticket.version },
        scope,
        historyType: internal ? HistoryType.NOTE_ADDED : HistoryType.MESSAGE_ADDED,
        event,
      },
    );
  }
}
