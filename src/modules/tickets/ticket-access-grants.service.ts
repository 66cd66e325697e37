import { Injectable } from '@nestjs/common';
import { Actor } from '../../common/auth/actor';
import { ConflictError, ForbiddenError, invalidField } from '../../common/errors/domain-errors';
import { UnitOfWork } from '../../common/unit-of-work';
import { HistoryType, TicketVisibility } from './domain/ticket-enums';
import { canGrant } from './domain/ticket-access';
import { AccessGrantRepository } from './access-grant-repository.port';
import { TicketJournal } from './ticket-journal.port';
import { TicketRecorder } from './ticket-recorder';
import { TicketReferences } from './ticket-references.port';

/**
 * View grants on RESTRICTED tickets, given by staff working the ticket or its requester: a new grant leaves a history
 * row and no event of its own. Runs in its own transaction (or joins the caller's) and answers as the HTTP route does
 * (403, 404, 409, 400 for a grantee that is no active user).
 */
@Injectable()
export class TicketAccessGrantsService {
  constructor(
    private readonly journal: TicketJournal,
    private readonly grants: AccessGrantRepository,
    private readonly references: TicketReferences,
    private readonly recorder: TicketRecorder,
    private readonly uow: UnitOfWork,
  ) {}

  async grantAccess(
    actor: Actor,
    ticketId: string,
    granteeId: string,
  ): Promise<{ ticketId: string; userId: string }> {
    await this.uow.run(async () => {
      const ticket = await this.journal.lock(actor, ticketId);
      if (!canGrant(actor, ticket)) {
        throw new ForbiddenError('Only staff working the ticket or its requester may grant access');
      }
      if (ticket.visibility !== TicketVisibility.RESTRICTED) {
        throw new ConflictError('View grants apply to RESTRICTED tickets only');
      }
      if (!(await this.references.activeUserExists(granteeId)))
        throw invalidField('userId', 'no such active user');
      if (await this.grants.grant(ticket.id, granteeId, actor.id)) {
        await this.recorder.record({
          ticketId: ticket.id,
          type: HistoryType.ACCESS_GRANTED,
          actorId: actor.id,
          details: { userId: granteeId },
        });
      }
    });
    return { ticketId, userId: granteeId };
  }
}
