import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Actor } from '../../common/auth/actor';
import { isUuid } from '../../common/ids';
import { Role } from '../../common/auth/role';
import { AccessScope, scopeOf, SYSTEM_ACCESS } from '../../common/auth/scope-policy';
import {
  ConflictError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  InvalidTransitionError,
  NotFoundError,
  ValidationFailedError,
} from '../../common/errors/domain-errors';
import { EventType } from '../../common/events/domain-event';
import { EventPublisher } from '../../common/events/event-publisher';
import { Page } from '../../common/pagination/page';
import { UnitOfWork } from '../../common/unit-of-work';
import { MetricsService } from '../../infrastructure/metrics/metrics.service';
import { formatPid, isPid, pidPeriod } from './domain/pid';
import { HistoryEntry, normaliseTags, Ticket, TicketMessage, ticketSnapshot } from './domain/ticket';
import { HistoryType, TicketPriority, TicketStatus, TicketVisibility } from './domain/ticket-enums';
import {
  actorsOf,
  canWork,
  checkEdit,
  checkMessage,
  EditableField,
  isStaff,
  Viewer,
} from './domain/ticket-permissions';
import { checkTransition, TransitionActor, timestampsAfter } from './domain/ticket-transitions';
import { TicketDraft } from './ticket-intake.port';
import { PluggableTicketIntake } from './ticket-intake.slot';
import { TicketLifecycleRegistry } from './ticket-lifecycle.registry';
import { TicketLinkRepository } from './ticket-links.port';
import { TicketReferences } from './ticket-references.port';
import { TicketSummaryCache } from './ticket-summary-cache.port';
import { AccessGrantRepository } from './access-grant-repository.port';
import { IdempotencyRepository } from './idempotency-repository.port';
import { TicketChanges, TicketFilter, TicketPaging, TicketRepository } from './ticket-repository.port';
import { TicketHistoryRepository } from './ticket-history-repository.port';
import { TicketMessageRepository } from './ticket-message-repository.port';
import { overlayTicketQuery, parseTicketQuery, TicketQuery } from './domain/ticket-query';
import { SavedViewFilters } from './saved-view-filters.port';

/** What POST /tickets sends; title and description may come from a template instead. */
export type CreateTicketInput = TicketDraft;

export interface UpdateTicketInput {
  title?: string;
  description?: string;
  priority?: TicketPriority;
  tags?: string[];
  categoryId?: string | null;
  teamId?: string | null;
  visibility?: TicketVisibility;
  customFields?: Record<string, unknown>;
}

/** How a ticket arrived, and (for a mailed reply to a closed ticket) the ticket it follows up. */
export interface TicketOrigin {
  channel?: 'api' | 'email' | 'guest';
  /** the closed ticket this one continues: linked `RELATED` to it in the same transaction */
  followUpOf?: Pick<Ticket, 'id' | 'pid'>;
}

export interface ListTicketsQuery extends TicketQuery {
  /** a saved view whose filters apply, under the caller's own scope; parameters given as well win over its own */
  viewId?: string;
}

/** A ticket's lifecycle: creation with PID, edits, status moves, messages, history and view grants. */
@Injectable()
export class TicketsService {
  private readonly logger = new Logger('TicketLifecycle');
  private readonly created;
  private readonly transitions;

  constructor(
    private readonly tickets: TicketRepository,
    private readonly messages: TicketMessageRepository,
    private readonly history: TicketHistoryRepository,
    private readonly grants: AccessGrantRepository,
    private readonly idempotencyKeys: IdempotencyRepository,
    private readonly references: TicketReferences,
    private readonly summaryCache: TicketSummaryCache,
    private readonly savedViews: SavedViewFilters,
    private readonly events: EventPublisher,
    private readonly uow: UnitOfWork,
    private readonly lifecycle: TicketLifecycleRegistry,
    private readonly intake: PluggableTicketIntake,
    private readonly links: TicketLinkRepository,
    metrics: MetricsService,
  ) {
    this.created = metrics.counter('tickets_created_total', 'Tickets created', ['priority']);
    this.transitions = metrics.counter('ticket_status_transitions_total', 'Ticket status changes', [
      'from',
      'to',
    ]);
  }

  // ---- creation ------------------------------------------------------------------------------------------------

  async create(
    user: Actor,
    input: CreateTicketInput,
    idempotencyKey?: string,
    origin: TicketOrigin = {},
  ): Promise<Ticket> {
    const viewer = toViewer(user);
    const result = await this.uow.run(async () => {
      if (idempotencyKey) {
        const claim = await this.idempotencyKeys.claim(user.id, idempotencyKey, requestHash(input));
        if (claim.state === 'mismatch') throw new IdempotencyKeyReusedError();
        if (claim.state === 'replay') {
          const first = await this.tickets.findVisible(scopeOf(viewer), { id: claim.ticketId });
          if (!first) throw new NotFoundError('Ticket');
          return { ticket: first, replayed: true };
        }
      }
      const ticket = await this.insertTicket(viewer, input, origin);
      if (idempotencyKey) await this.idempotencyKeys.complete(user.id, idempotencyKey, ticket.id);
      return { ticket, replayed: false };
    });
    if (!result.replayed) {
      await this.uow.afterCommit(() => this.summaryCache.invalidate(result.ticket.departmentId));
      this.created.inc({ priority: result.ticket.priority });
      this.logger.log(
        { ticketId: result.ticket.id, pid: result.ticket.pid, actorId: user.id, to: result.ticket.status },
        'ticket created',
      );
    }
    return result.ticket;
  }

  private async insertTicket(
    viewer: Viewer,
    input: CreateTicketInput,
    origin: TicketOrigin,
  ): Promise<Ticket> {
    const draft = await this.intake.resolve(input);
    const { title, description } = checkedText(draft);
    const departmentId = draft.departmentId ?? null;
    if (departmentId && !(await this.references.activeDepartmentExists(departmentId))) {
      throw invalid('departmentId', 'no such active department');
    }
    const now = new Date();
    const sequence = await this.tickets.nextSequence(pidPeriod(now));
    const ticket = await this.tickets.insert({
      pid: formatPid(pidPeriod(now), sequence),
      title,
      description,
      // a ticket of an item that requires approval waits for it (and is not auto-assigned until it opens)
      status: draft.requiresApproval ? TicketStatus.PENDING_APPROVAL : TicketStatus.OPEN,
      priority: draft.priority ?? TicketPriority.MEDIUM,
      requesterId: viewer.id,
      departmentId,
      serviceItemId: draft.serviceItemId ?? null,
      categoryId: draft.categoryId ?? null,
      tags: normaliseTags(draft.tags ?? []),
      visibility: draft.visibility ?? TicketVisibility.INTERNAL,
      customFields: draft.customFields ?? {},
      dueAt: null,
    });
    await this.history.append({
      ticketId: ticket.id,
      type: HistoryType.CREATED,
      actorId: viewer.id,
      details: {
        status: ticket.status,
        priority: ticket.priority,
        departmentId: ticket.departmentId,
        ...(origin.channel && origin.channel !== 'api' ? { channel: origin.channel } : {}),
        ...(origin.followUpOf ? { followUpOf: origin.followUpOf.pid } : {}),
      },
    });
    if (origin.followUpOf) await this.links.add(ticket.id, origin.followUpOf.id, 'RELATED', viewer.id);
    await this.lifecycle.created(ticket);
    await this.events.publish({
      type: EventType.TICKET_CREATED,
      aggregateId: ticket.id,
      actorId: viewer.id,
      data: {
        ticket: snapshot(ticket),
        channel: origin.channel ?? 'api',
        ...(origin.followUpOf
          ? { followUpOf: { id: origin.followUpOf.id, pid: origin.followUpOf.pid } }
          : {}),
      },
    });
    // observers (approvals, SLA) and event reactions (auto-assignment) may have changed it in this transaction
    return (await this.tickets.findVisible(SYSTEM_ACCESS, { id: ticket.id }))!;
  }

  // ---- reading -------------------------------------------------------------------------------------------------

  async get(user: Actor, idOrPid: string): Promise<Ticket> {
    const ref = isPid(idOrPid) ? { pid: idOrPid } : isUuid(idOrPid) ? { id: idOrPid } : null;
    const ticket = ref ? await this.tickets.findVisible(scopeOf(toViewer(user)), ref) : null;
    if (!ticket) throw new NotFoundError('Ticket');
    return ticket;
  }

  async list(user: Actor, query: ListTicketsQuery, paging: TicketPaging): Promise<Page<Ticket>> {
    const viewer = toViewer(user);
    const { viewId, ...given } = query;
    const effective = viewId ? overlayTicketQuery(await this.viewQuery(viewer, viewId), given) : given;
    const { sort = '-createdAt', assigneeId, ...rest } = effective;
    const filter: TicketFilter = {
      ...rest,
      assigneeId: assigneeId === 'me' ? user.id : assigneeId,
      tag: rest.tag?.trim().toLowerCase(),
      internalNotesOf: notesScope(viewer),
    };
    return this.tickets.list(scopeOf(viewer), filter, sort, paging);
  }

  private async viewQuery(viewer: Viewer, viewId: string): Promise<TicketQuery> {
    const raw = isUuid(viewId) ? await this.savedViews.filtersOf(viewer, viewId) : null;
    if (raw === null || raw === undefined)
      throw invalid('view', 'names no saved view of yours or your department');
    const parsed = parseTicketQuery(raw, 'view');
    if (!parsed.ok)
      throw new ValidationFailedError(
        'The saved view holds filters that are no longer valid',
        parsed.problems,
      );
    return parsed.query;
  }

  /**
   * Counts by status. ADMIN: every ticket, or one department's. Staff: their department's non-restricted tickets
   * (the same for everyone there, so cacheable). END_USER: their own. Cached in Redis, dropped on ticket writes.
   */
  async summary(user: Actor, departmentId?: string): Promise<Record<TicketStatus, number>> {
    const viewer = toViewer(user);
    let scope: AccessScope = scopeOf(viewer);
    let key: string | null = null;
    if (scope.kind === 'all') key = departmentId ? `dept:${departmentId}` : 'all';
    else if (isStaff(viewer)) {
      if (departmentId && departmentId !== viewer.departmentId) throw new NotFoundError('Department');
      if (!viewer.departmentId) throw new NotFoundError('Department');
      scope = { kind: 'department', departmentId: viewer.departmentId };
      key = `dept:${viewer.departmentId}:internal`;
    }
    const cached = key ? await this.summaryCache.get(key) : null;
    if (cached) return cached;
    const counts = await this.tickets.countByStatus(scope, scope.kind === 'all' ? departmentId : undefined);
    if (key) await this.summaryCache.set(key, counts);
    return counts;
  }

  async messagesOf(user: Actor, ticketId: string, page: number, limit: number): Promise<Page<TicketMessage>> {
    const ticket = await this.get(user, ticketId);
    return this.messages.list(ticket.id, canWork(toViewer(user), ticket), page, limit);
  }

  async historyOf(user: Actor, ticketId: string, page: number, limit: number): Promise<Page<HistoryEntry>> {
    const ticket = await this.get(user, ticketId);
    return this.history.list(ticket.id, canWork(toViewer(user), ticket), page, limit);
  }

  // ---- changes -------------------------------------------------------------------------------------------------

  async update(user: Actor, ticketId: string, input: UpdateTicketInput, ifMatch?: number): Promise<Ticket> {
    const viewer = toViewer(user);
    const fields = (Object.keys(input) as EditableField[]).filter((k) => input[k] !== undefined);
    if (fields.length === 0) throw new ValidationFailedError('Nothing to change: send at least one field');
    const updated = await this.uow.run(async () => {
      const ticket = await this.lock(viewer, ticketId);
      if (ifMatch !== undefined && ifMatch !== ticket.version) {
        throw new ConflictError(
          `The ticket changed since version ${ifMatch} (it is at ${ticket.version}); reload it`,
        );
      }
      const check = checkEdit(viewer, ticket, fields);
      if (!check.ok) throw new ForbiddenError(check.reason);
      const changes = await this.validatedChanges(ticket, input);
      const changed = (Object.keys(changes) as Array<keyof TicketChanges>).filter(
        (k) => JSON.stringify(changes[k]) !== JSON.stringify(ticket[k]),
      );
      if (changed.length === 0) return ticket;
      const next = (await this.tickets.update(ticket.id, pick(changes, changed), ticket.version))!;
      for (const field of changed) {
        const priority = field === 'priority';
        await this.history.append({
          ticketId: ticket.id,
          type: priority ? HistoryType.PRIORITY_CHANGED : HistoryType.FIELD_CHANGED,
          actorId: viewer.id,
          details: priority
            ? { from: ticket.priority, to: next.priority }
            : { field, from: ticket[field], to: next[field] },
        });
      }
      if (changed.includes('priority')) {
        await this.lifecycle.priorityChanged(next, ticket.priority, next.priority);
        await this.events.publish({
          type: EventType.TICKET_PRIORITY_CHANGED,
          aggregateId: ticket.id,
          actorId: viewer.id,
          data: { ticket: snapshot(next), from: ticket.priority, to: next.priority },
        });
      }
      await this.events.publish({
        type: EventType.TICKET_UPDATED,
        aggregateId: ticket.id,
        actorId: viewer.id,
        data: { ticket: snapshot(next), fields: changed },
      });
      // observers (SLA targets on a priority change) may have changed it in this transaction
      return changed.includes('priority')
        ? (await this.tickets.findVisible(SYSTEM_ACCESS, { id: ticket.id }))!
        : next;
    });
    await this.uow.afterCommit(() => this.summaryCache.invalidate(updated.departmentId));
    return updated;
  }

  private async validatedChanges(ticket: Ticket, input: UpdateTicketInput): Promise<TicketChanges> {
    const changes: TicketChanges = {};
    if (input.title !== undefined) changes.title = input.title.trim();
    if (input.description !== undefined) changes.description = input.description;
    if (input.priority !== undefined) changes.priority = input.priority;
    if (input.tags !== undefined) changes.tags = normaliseTags(input.tags);
    if (input.visibility !== undefined) changes.visibility = input.visibility;
    if (input.customFields !== undefined) {
      if (ticket.serviceItemId) await this.intake.checkCustomFields(ticket.serviceItemId, input.customFields);
      changes.customFields = input.customFields;
    }
    if (input.categoryId !== undefined) {
      if (input.categoryId !== null && !(await this.intake.categoryUsable(input.categoryId))) {
        throw invalid('categoryId', 'no such active service category');
      }
      changes.categoryId = input.categoryId;
    }
    if (input.teamId !== undefined) {
      if (input.teamId !== null) {
        const teamDepartment = await this.references.teamDepartment(input.teamId);
        if (!teamDepartment) throw invalid('teamId', 'no such active team');
        if (teamDepartment !== ticket.departmentId) {
          throw new ConflictError('The team belongs to another department than the ticket');
        }
      }
      changes.teamId = input.teamId;
    }
    return changes;
  }

  async changeStatus(user: Actor, ticketId: string, to: TicketStatus, reason?: string): Promise<Ticket> {
    const viewer = toViewer(user);
    const updated = await this.uow.run(async () => {
      const ticket = await this.lock(viewer, ticketId);
      return this.move(ticket, to, actorsOf(viewer, ticket), viewer.id, reason);
    });
    await this.uow.afterCommit(() => this.summaryCache.invalidate(updated.departmentId));
    return updated;
  }

  /**
   * Moves a locked ticket to `to` as `actors`, with its history row and event, in the caller's transaction.
   * Also used by other modules' reactions (approvals) with the SYSTEM actor.
   */
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
    const next = (await this.tickets.update(ticket.id, { status: to, ...timestampsAfter(to, new Date()) }))!;
    // also when the move is part of another module's transaction (approval decisions, macros): after it commits
    await this.uow.afterCommit(() => this.summaryCache.invalidate(next.departmentId));
    return this.recordMove(ticket, next, actorId, reason ? { reason } : {});
  }

  /**
   * Closes a locked ticket merged into `target`: the one move to CLOSED outside the transition table (from any
   * status that is not final; the caller checks that). Written like any move: history, observers, event.
   */
  async closeMerged(ticket: Ticket, target: Pick<Ticket, 'id' | 'pid'>, actorId: string): Promise<Ticket> {
    const next = (await this.tickets.update(ticket.id, {
      status: TicketStatus.CLOSED,
      ...timestampsAfter(TicketStatus.CLOSED, new Date()),
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
    await this.history.append({
      ticketId: ticket.id,
      type: HistoryType.STATUS_CHANGED,
      actorId,
      details: { from: ticket.status, to, ...details },
    });
    await this.lifecycle.statusChanged(next, ticket.status, to, actorId);
    await this.events.publish({
      type: EventType.TICKET_STATUS_CHANGED,
      aggregateId: ticket.id,
      actorId,
      data: { ticket: snapshot(next), from: ticket.status, to, ...details },
    });
    this.transitions.inc({ from: ticket.status, to });
    this.logger.log(
      { ticketId: ticket.id, pid: ticket.pid, actorId, from: ticket.status, to },
      'ticket status changed',
    );
    // observers and reactions to the event (auto-assignment when a ticket opens) may have changed it meanwhile
    return (await this.tickets.findVisible(SYSTEM_ACCESS, { id: ticket.id }))!;
  }

  /**
   * A reply or (staff) an internal note. `origin` marks messages that arrived another way, such as by email with
   * their Message-ID (unique, so the same mail never adds two messages).
   */
  async addMessage(
    user: Actor,
    ticketId: string,
    body: string,
    internal: boolean,
    origin?: { source: string; externalMessageId: string },
  ): Promise<TicketMessage> {
    const viewer = toViewer(user);
    const { message, departmentId } = await this.uow.run(async () => {
      const ticket = await this.lock(viewer, ticketId);
      const check = checkMessage(viewer, ticket, internal);
      if (!check.ok) throw new ForbiddenError(check.reason);
      const added = await this.messages.add({
        ticketId: ticket.id,
        authorId: viewer.id,
        body,
        internal,
        ...origin,
      });
      await this.recordMessage(ticket, added, viewer);
      return { message: added, departmentId: ticket.departmentId };
    });
    await this.uow.afterCommit(() => this.summaryCache.invalidate(departmentId));
    return message;
  }

  /** History, events and automatic moves for a message just added to a locked ticket. */
  async recordMessage(ticket: Ticket, message: TicketMessage, author: Viewer): Promise<void> {
    await this.history.append({
      ticketId: ticket.id,
      type: message.internal ? HistoryType.NOTE_ADDED : HistoryType.MESSAGE_ADDED,
      actorId: author.id,
      details: { messageId: message.id },
      internal: message.internal,
    });
    let current = ticket;
    if (
      !message.internal &&
      author.id !== ticket.requesterId &&
      canWork(author, ticket) &&
      !ticket.firstResponseAt
    ) {
      current = (await this.tickets.update(ticket.id, { firstResponseAt: message.createdAt }))!;
    }
    await this.lifecycle.messageAdded(current, message);
    await this.events.publish({
      type: message.internal ? EventType.TICKET_NOTE_ADDED : EventType.TICKET_MESSAGE_ADDED,
      aggregateId: ticket.id,
      actorId: author.id,
      data: {
        ticket: snapshot(current),
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

  async grantAccess(
    user: Actor,
    ticketId: string,
    granteeId: string,
  ): Promise<{ ticketId: string; userId: string }> {
    const viewer = toViewer(user);
    await this.uow.run(async () => {
      const ticket = await this.lock(viewer, ticketId);
      if (!canWork(viewer, ticket) && ticket.requesterId !== viewer.id) {
        throw new ForbiddenError('Only staff working the ticket or its requester may grant access');
      }
      if (ticket.visibility !== TicketVisibility.RESTRICTED) {
        throw new ConflictError('View grants apply to RESTRICTED tickets only');
      }
      if (!(await this.references.activeUserExists(granteeId)))
        throw invalid('userId', 'no such active user');
      if (await this.grants.grant(ticket.id, granteeId, viewer.id)) {
        await this.history.append({
          ticketId: ticket.id,
          type: HistoryType.ACCESS_GRANTED,
          actorId: viewer.id,
          details: { userId: granteeId },
        });
      }
    });
    return { ticketId, userId: granteeId };
  }

  /** Loads and locks a ticket within the viewer's scope, or 404. */
  async lock(viewer: Viewer, ticketId: string): Promise<Ticket> {
    const ticket = isUuid(ticketId) ? await this.tickets.lockVisible(scopeOf(viewer), ticketId) : null;
    if (!ticket) throw new NotFoundError('Ticket');
    return ticket;
  }
}

const invalid = (field: string, message: string) =>
  new ValidationFailedError(`${field} ${message}`, [{ field, message }]);

/** Title and description as the ticket will have them, template included, checked as if sent in full. */
function checkedText(draft: { title?: string; description?: string }): {
  title: string;
  description: string;
} {
  const title = draft.title?.trim() ?? '';
  const description = draft.description ?? '';
  const problems = [
    title.length === 0
      ? { field: 'title', message: 'title is required' }
      : title.length < 3 || title.length > 200
        ? { field: 'title', message: 'title must be 3 to 200 characters' }
        : null,
    description.length === 0
      ? { field: 'description', message: 'description is required' }
      : description.length > 20000
        ? { field: 'description', message: 'description must be at most 20000 characters' }
        : null,
  ].filter((p) => p !== null);
  if (problems.length > 0) throw new ValidationFailedError(problems[0].message, problems);
  return { title, description };
}

export const toViewer = (user: Actor): Viewer => ({
  id: user.id,
  role: user.role,
  departmentId: user.departmentId,
  teamId: user.teamId,
});

/** Whose internal notes search may match: those of the tickets the viewer works (canWork), never an end user's. */
function notesScope(viewer: Viewer): TicketFilter['internalNotesOf'] {
  if (viewer.role === Role.ADMIN) return 'all';
  if (!isStaff(viewer)) return 'none';
  return { userId: viewer.id, departmentId: viewer.departmentId };
}

/** The fields every ticket event carries (never message bodies). */
export const snapshot = ticketSnapshot;

function pick(changes: TicketChanges, keys: Array<keyof TicketChanges>): TicketChanges {
  return Object.fromEntries(keys.map((k) => [k, changes[k]]));
}

/** Same request ⇔ same hash: keys sorted at every level so property order does not matter. */
function requestHash(input: CreateTicketInput): string {
  const stable = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(stable)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, stable((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(stable(input)))
    .digest('hex');
}
