import { Injectable } from '@nestjs/common';
import { Actor } from '../../common/auth/actor';
import { scopeOf, SYSTEM_ACCESS } from '../../common/auth/scope-policy';
import {
  ConflictError,
  ForbiddenError,
  invalidField,
  NotFoundError,
  ValidationFailedError,
} from '../../common/errors/domain-errors';
import { EventType } from '../../common/events/domain-event';
import { isUuid } from '../../common/ids';
import { UnitOfWork } from '../../common/unit-of-work';
import { isPid } from './domain/pid';
import { Ticket, ticketSnapshot } from './domain/ticket';
import { HistoryType } from './domain/ticket-enums';
import { checkLink, Refusal } from './domain/ticket-link-rules';
import { canWork } from './domain/ticket-access';
import { TicketLink, TicketLinkRepository, TicketLinkType, TicketLinkView } from './ticket-links.port';
import { TicketRecorder } from './ticket-recorder';
import { TicketRepository } from './ticket-repository.port';
import { TicketQueries } from './ticket-queries.port';
import { TicketJournal } from './ticket-journal.port';

/**
 * Links between tickets: reading (only links whose far end the caller may see too), and, for staff working the
 * ticket, adding and removing them with history and a `ticket.updated` event on both ends.
 */
@Injectable()
export class TicketLinksService {
  constructor(
    private readonly ticketQueries: TicketQueries,
    private readonly journal: TicketJournal,
    private readonly repository: TicketRepository,
    private readonly links: TicketLinkRepository,
    private readonly recorder: TicketRecorder,
    private readonly uow: UnitOfWork,
  ) {}

  async list(user: Actor, ticketIdOrPid: string): Promise<TicketLinkView[]> {
    const ticket = await this.ticketQueries.get(user, ticketIdOrPid);
    const scope = scopeOf(user);
    const all = await this.links.linksOf(ticket.id);
    const visible = await Promise.all(
      all.map(async (l) => ((await this.repository.findVisible(scope, { id: l.ticket.id })) ? l : null)),
    );
    return visible.filter((l): l is TicketLinkView => l !== null);
  }

  async create(
    user: Actor,
    ticketIdOrPid: string,
    targetRef: string,
    type: TicketLinkType,
  ): Promise<TicketLinkView> {
    const viewer = user;
    return this.uow.run(async () => {
      const found = await this.ticketQueries.get(user, ticketIdOrPid);
      const foundTarget = await this.visibleTarget(user, targetRef);
      if (found.id === foundTarget.id) throw invalidField('targetId', 'a ticket cannot be linked to itself');
      if (type !== 'RELATED') await this.links.lockGraph();
      const [source, target] = await this.lockPair(viewer, found.id, foundTarget.id);
      if (!canWork(viewer, source)) throw new ForbiddenError('Only staff working the ticket may link it');
      refuse(
        checkLink({
          sourceId: source.id,
          targetId: target.id,
          type,
          exists: await this.links.hasLink(source.id, target.id, type),
          reverseRelatedExists: type === 'RELATED' && (await this.links.hasLink(target.id, source.id, type)),
          targetReachesSource: type !== 'RELATED' && (await this.links.reaches(target.id, source.id, type)),
        }),
      );
      const link = await this.links.insert(source.id, target.id, type, viewer.id);
      if (!link) throw new ConflictError('the tickets are already linked this way');
      await this.record(HistoryType.LINKED, link, source, target, viewer.id);
      return { ...link, direction: 'outgoing' as const, ticket: farEnd(target) };
    });
  }

  /** Removes a link of the ticket (either end); the DUPLICATE_OF link a merge wrote stays with the merge. */
  async remove(user: Actor, ticketIdOrPid: string, linkId: string): Promise<void> {
    const viewer = user;
    await this.uow.run(async () => {
      const ticket = await this.ticketQueries.get(user, ticketIdOrPid);
      const found = await this.links.find(linkId);
      if (!found || (found.sourceTicketId !== ticket.id && found.targetTicketId !== ticket.id))
        throw new NotFoundError('Link');
      if (found.type !== 'RELATED') await this.links.lockGraph();
      // the far end may lie outside the caller's scope: it is locked (and written) as the system
      const [source, target] = await this.lockPair(null, found.sourceTicketId, found.targetTicketId);
      const link = await this.links.find(linkId);
      if (!link) throw new NotFoundError('Link');
      if (!canWork(viewer, ticket)) throw new ForbiddenError('Only staff working the ticket may unlink it');
      if (link.type === 'DUPLICATE_OF' && source.mergedIntoId === target.id)
        throw new ConflictError('This link records a merge and cannot be removed');
      await this.links.remove(link.id);
      await this.record(HistoryType.UNLINKED, link, source, target, viewer.id);
    });
  }

  /** `targetId` of a request: a UUID or a PID of a ticket the caller may see (404 otherwise, as for any ticket). */
  async visibleTarget(user: Actor, ref: string): Promise<Ticket> {
    const key = isPid(ref) ? { pid: ref } : isUuid(ref) ? { id: ref } : null;
    if (!key) throw invalidField('targetId', 'must be the id (UUID) or PID of a ticket');
    const ticket = await this.repository.findVisible(scopeOf(user), key);
    if (!ticket) throw new NotFoundError('Target ticket');
    return ticket;
  }

  /**
   * Locks two tickets, always in id order so that two requests on the same pair never wait on each other; returns
   * them as [first, second] of the arguments. With a viewer, each must be in their scope (404 otherwise).
   */
  async lockPair(viewer: Actor | null, first: string, second: string): Promise<[Ticket, Ticket]> {
    const lock = async (id: string): Promise<Ticket> => {
      if (viewer) return this.journal.lock(viewer, id);
      const ticket = await this.repository.lockVisible(SYSTEM_ACCESS, id);
      if (!ticket) throw new NotFoundError('Ticket');
      return ticket;
    };
    if (first < second) {
      const a = await lock(first);
      return [a, await lock(second)];
    }
    const b = await lock(second);
    return [await lock(first), b];
  }

  private async record(
    type: typeof HistoryType.LINKED | typeof HistoryType.UNLINKED,
    link: TicketLink,
    source: Ticket,
    target: Ticket,
    actorId: string,
  ): Promise<void> {
    const change = type === HistoryType.LINKED ? 'linked' : 'unlinked';
    for (const [ticket, other, direction] of [
      [source, target, 'outgoing'],
      [target, source, 'incoming'],
    ] as const) {
      await this.recorder.record(
        {
          ticketId: ticket.id,
          type,
          actorId,
          details: { linkId: link.id, type: link.type, direction, ticketId: other.id, pid: other.pid },
        },
        {
          type: EventType.TICKET_UPDATED,
          data: {
            ticket: ticketSnapshot(ticket),
            fields: ['links'],
            change,
            link: {
              id: link.id,
              type: link.type,
              sourceTicketId: link.sourceTicketId,
              targetTicketId: link.targetTicketId,
            },
          },
        },
      );
    }
  }
}

const farEnd = (t: Ticket): TicketLinkView['ticket'] => ({
  id: t.id,
  pid: t.pid,
  title: t.title,
  status: t.status,
});

/** A refused link or merge as the error the contract names. */
export function refuse(check: Refusal): void {
  if (check.ok) return;
  if (check.kind === 'invalid')
    throw new ValidationFailedError(check.reason, [{ field: 'targetId', message: check.reason }]);
  if (check.kind === 'forbidden') throw new ForbiddenError(check.reason);
  throw new ConflictError(check.reason);
}
