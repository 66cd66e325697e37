import { Actor } from '../../common/auth/actor';
import { AccessScope, scopeOf } from '../../common/auth/scope-policy';
import { invalidField, NotFoundError, ValidationFailedError } from '../../common/errors/domain-errors';
import { isUuid } from '../../common/ids';
import { Page, PageRequest } from '../../common/pagination/page';
import { isPid } from './domain/pid';
import { HistoryEntry, Ticket, TicketMessage } from './domain/ticket';
import { TicketStatus } from './domain/ticket-enums';
import { canSeeInternal, internalNotesScope, isStaff } from './domain/ticket-access';
import { overlayTicketQuery, parseTicketQuery, TicketQuery } from './domain/ticket-query';
import { SavedViewFilters } from './saved-view-filters.port';
import { ListTicketsQuery, TicketQueries } from './ticket-queries.port';
import { TicketSummaryCache } from './ticket-summary-cache.port';
import { TicketFilter, TicketPaging, TicketRepository } from './ticket-repository.port';
import { TicketHistoryRepository } from './ticket-history-repository.port';
import { TicketMessageRepository } from './ticket-message-repository.port';
import { Implements } from '../../common/di/implements';

/** Ticket reads: one ticket, lists and search, counts, messages and history. */
@Implements(TicketQueries)
export class TicketQueriesService extends TicketQueries {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly messages: TicketMessageRepository,
    private readonly history: TicketHistoryRepository,
    private readonly summaryCache: TicketSummaryCache,
    private readonly savedViews: SavedViewFilters,
  ) {
    super();
  }

  /** `idOrPid` as the route's id pipe passed it: a UUID or a PID (any other text, from mail say, names no ticket). */
  async get(actor: Actor, idOrPid: string): Promise<Ticket> {
    if (!isPid(idOrPid) && !isUuid(idOrPid)) throw new NotFoundError('Ticket');
    const ref = isPid(idOrPid) ? { pid: idOrPid } : { id: idOrPid };
    const ticket = await this.tickets.findVisible(scopeOf(actor), ref);
    if (!ticket) throw new NotFoundError('Ticket');
    return ticket;
  }

  async list(actor: Actor, query: ListTicketsQuery, paging: TicketPaging): Promise<Page<Ticket>> {
    const { viewId, ...given } = query;
    const effective = viewId ? overlayTicketQuery(await this.viewQuery(actor, viewId), given) : given;
    const { sort = '-createdAt', assigneeId, ...rest } = effective;
    const filter: TicketFilter = {
      ...rest,
      assigneeId: assigneeId === 'me' ? actor.id : assigneeId,
      tag: rest.tag?.trim().toLowerCase(),
      internalNotesOf: internalNotesScope(actor),
    };
    return this.tickets.list(scopeOf(actor), filter, sort, paging);
  }

  private async viewQuery(actor: Actor, viewId: string): Promise<TicketQuery> {
    const raw = isUuid(viewId) ? await this.savedViews.filtersOf(actor, viewId) : null;
    if (raw === null || raw === undefined)
      throw invalidField('view', 'names no saved view of yours or your department');
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
   * (the same for everyone there, so cacheable). END_USER: their own. Cached in Redis under the write generation
   * of what it counts, read before counting: counts taken before a write are stored under the generation that write
   * moved on from, so no read after the write's response is served them.
   */
  async summary(actor: Actor, departmentId?: string): Promise<Record<TicketStatus, number>> {
    const scope: AccessScope = scopeOf(actor);
    if (scope.kind === 'all')
      return this.summaryCache.counts(departmentId ?? null, 'all', () =>
        this.tickets.countByStatus(scope, departmentId),
      );
    if (!isStaff(actor)) return this.tickets.countByStatus(scope);
    if (!actor.departmentId || (departmentId && departmentId !== actor.departmentId))
      throw new NotFoundError('Department');
    const department: AccessScope = { kind: 'department', departmentId: actor.departmentId };
    return this.summaryCache.counts(actor.departmentId, 'staff', () =>
      this.tickets.countByStatus(department),
    );
  }

  async messagesOf(actor: Actor, ticketId: string, page: PageRequest): Promise<Page<TicketMessage>> {
    const ticket = await this.get(actor, ticketId);
    return this.messages.list(scopeOf(actor), ticket.id, canSeeInternal(actor, ticket), page);
  }

  async historyOf(actor: Actor, ticketId: string, page: PageRequest): Promise<Page<HistoryEntry>> {
    const ticket = await this.get(actor, ticketId);
    return this.history.list(scopeOf(actor), ticket.id, canSeeInternal(actor, ticket), page);
  }
}
