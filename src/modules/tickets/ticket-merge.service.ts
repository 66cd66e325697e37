import { Injectable, Logger } from '@nestjs/common';
import { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { EventType } from '../../common/events/domain-event';
import { UnitOfWork } from '../../common/unit-of-work';
import { Ticket, ticketSnapshot } from './domain/ticket';
import { HistoryType } from './domain/ticket-enums';
import { checkMerge } from './domain/ticket-link-rules';
import { canWork } from './domain/ticket-access';
import { refuse, TicketLinksService } from './ticket-links.service';
import { TicketLinkRepository } from './ticket-links.port';
import { TicketSummaryCache } from './ticket-summary-cache.port';
import { TicketRecorder } from './ticket-recorder';
import { TicketQueries } from './ticket-queries.port';
import { TicketJournal } from './ticket-journal.port';

export interface MergeOutcome {
  source: Ticket;
  target: Ticket;
}

/**
 * Merging a duplicate into the ticket that carries on: in one transaction the source gets a DUPLICATE_OF link to
 * the target and moves to CLOSED (naming the target), both get a MERGED history entry, and the target shows the
 * source's messages and attachments from then on (a RESTRICTED source's only to callers who may read it: the
 * timeline reads apply that in SQL, see persistence/ticket-timeline.sql.ts).
 */
@Injectable()
export class TicketMergeService {
  private readonly logger = new Logger('TicketLifecycle');

  constructor(
    private readonly ticketQueries: TicketQueries,
    private readonly journal: TicketJournal,
    private readonly linksService: TicketLinksService,
    private readonly links: TicketLinkRepository,
    private readonly recorder: TicketRecorder,
    private readonly summaryCache: TicketSummaryCache,
    private readonly uow: UnitOfWork,
  ) {}

  async merge(user: Actor, sourceRef: string, targetRef: string): Promise<MergeOutcome> {
    const viewer = user;
    const outcome = await this.uow.run(async () => {
      const found = await this.ticketQueries.get(user, sourceRef);
      const foundTarget = await this.linksService.visibleTarget(user, targetRef);
      if (found.id !== foundTarget.id) await this.links.lockGraph();
      const [source, target] =
        found.id === foundTarget.id
          ? [found, foundTarget]
          : await this.linksService.lockPair(viewer, found.id, foundTarget.id);
      refuse(
        checkMerge({
          source,
          target,
          isAdmin: viewer.role === Role.ADMIN,
          mayWorkBoth: canWork(viewer, source) && canWork(viewer, target),
          targetReachesSource:
            source.id !== target.id && (await this.links.reaches(target.id, source.id, 'DUPLICATE_OF')),
        }),
      );
      const link = await this.links.insert(source.id, target.id, 'DUPLICATE_OF', viewer.id);
      const closed = await this.journal.closeMerged(source, target, viewer.id);
      const ref = (t: Ticket) => ({ id: t.id, pid: t.pid });
      // the source's own event is its move to CLOSED (above); the target tells of the merge
      await this.recorder.record({
        ticketId: source.id,
        type: HistoryType.MERGED,
        actorId: viewer.id,
        details: { direction: 'into', ticketId: target.id, pid: target.pid },
      });
      await this.recorder.record(
        {
          ticketId: target.id,
          type: HistoryType.MERGED,
          actorId: viewer.id,
          details: { direction: 'from', ticketId: source.id, pid: source.pid },
        },
        {
          type: EventType.TICKET_UPDATED,
          data: {
            ticket: ticketSnapshot(target),
            fields: ['merged'],
            mergedFrom: ref(source),
            ...(link
              ? {
                  link: {
                    id: link.id,
                    type: link.type,
                    sourceTicketId: source.id,
                    targetTicketId: target.id,
                  },
                }
              : {}),
          },
        },
      );
      return { source: closed, target: await this.ticketQueries.get(user, target.id) };
    });
    await this.summaryCache.invalidate(outcome.source.departmentId);
    if (outcome.target.departmentId !== outcome.source.departmentId)
      await this.summaryCache.invalidate(outcome.target.departmentId);
    this.logger.log(
      { ticketId: outcome.source.id, pid: outcome.source.pid, into: outcome.target.pid, actorId: user.id },
      'ticket merged',
    );
    return outcome;
  }
}
