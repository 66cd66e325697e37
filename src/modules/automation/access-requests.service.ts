import { Injectable, Logger } from '@nestjs/common';
import { scopeOf, SYSTEM_ACCESS } from '../../common/auth/scope-policy';
import { ConflictError, ForbiddenError, NotFoundError } from '../../common/errors/domain-errors';
import { EventType } from '../../common/events/domain-event';
import { isPid } from '../../common/ids';
import { Page, PageRequest } from '../../common/pagination/page';
import { UnitOfWork } from '../../common/unit-of-work';
import { Ticket, ticketSnapshot } from '../tickets/domain/ticket';
import { HistoryType, TicketVisibility } from '../tickets/domain/ticket-enums';
import { AccessGrantRepository } from '../tickets/access-grant-repository.port';
import { TicketRepository } from '../tickets/ticket-repository.port';
import { AccessRequestFilter, AccessRequestRepository } from './access-request-repository.port';
import {
  AccessRequest,
  AccessRequestStatus,
  accessRequestScopeOf,
  AccessUser,
  mayDecide,
} from './domain/access-request';
import { TicketRecorder } from '../tickets/ticket-recorder';

/**
 * Access requests on RESTRICTED tickets: staff who know a ticket's id or PID ask to see it; its requester or a team
 * lead of its department grants or denies. Asking answers the same whether or not the ticket exists (and whatever it
 * is), so asking reveals nothing; both steps are in the ticket's history and reach the other side as events.
 */
@Injectable()
export class AccessRequestsService {
  private readonly logger = new Logger(AccessRequestsService.name);

  constructor(
    private readonly recorder: TicketRecorder,
    private readonly requests: AccessRequestRepository,
    private readonly tickets: TicketRepository,
    private readonly grants: AccessGrantRepository,
    private readonly uow: UnitOfWork,
  ) {}

  /**
   * Records a request when the ticket exists, is RESTRICTED and the caller cannot see it yet; otherwise does nothing,
   * with the same answer. Only a ticket the caller already sees is a 409 (that reveals nothing new).
   */
  async request(user: AccessUser, idOrPid: string, reason: string): Promise<void> {
    const ref = isPid(idOrPid) ? { pid: idOrPid } : { id: idOrPid };
    await this.uow.run(async () => {
      const found = await this.tickets.findVisible(SYSTEM_ACCESS, ref);
      if (!found) return;
      if (await this.tickets.findVisible(scopeOf(user), { id: found.id })) {
        throw new ConflictError('You can already see this ticket');
      }
      if (found.visibility !== TicketVisibility.RESTRICTED) return;
      const ticket = (await this.tickets.lockVisible(SYSTEM_ACCESS, found.id))!;
      const created = await this.requests.createPending({
        ticketId: ticket.id,
        requestedBy: user.id,
        reason,
      });
      if (!created) return;
      const deciderIds = await this.decidersOf(ticket);
      await this.recorder.record(
        {
          ticketId: ticket.id,
          type: HistoryType.ACCESS_REQUESTED,
          actorId: user.id,
          details: { requestId: created.id, userId: user.id, reason },
        },
        {
          type: EventType.TICKET_ACCESS_REQUESTED,
          data: {
            ticket: ticketSnapshot(ticket),
            requestId: created.id,
            requestedBy: user.id,
            reason,
            deciderIds,
          },
        },
      );
      this.logger.log({ ticketId: ticket.id, requestId: created.id, actorId: user.id }, 'access requested');
    });
  }

  list(user: AccessUser, filter: AccessRequestFilter, page: PageRequest): Promise<Page<AccessRequest>> {
    return this.requests.list(accessRequestScopeOf(user), filter, page);
  }

  /** Deciders and the person who asked see a request; anyone else gets 404. */
  async get(user: AccessUser, id: string): Promise<AccessRequest> {
    const request = await this.requests.find(id);
    if (!request || (request.requestedBy !== user.id && !mayDecide(user, request, request.ticket))) {
      throw new NotFoundError('Access request');
    }
    return request;
  }

  async decide(
    user: AccessUser,
    id: string,
    status: AccessRequestStatus.GRANTED | AccessRequestStatus.DENIED,
    comment: string | null,
  ): Promise<AccessRequest> {
    return this.uow.run(async () => {
      const request = await this.requests.find(id, true);
      const decider = request ? mayDecide(user, request, request.ticket) : false;
      if (!request || (!decider && request.requestedBy !== user.id))
        throw new NotFoundError('Access request');
      if (!decider) throw new ForbiddenError('You may not decide your own access request');
      if (request.status !== AccessRequestStatus.PENDING) {
        throw new ConflictError(`This access request was already ${request.status.toLowerCase()}`);
      }
      const ticket = (await this.tickets.lockVisible(SYSTEM_ACCESS, request.ticketId))!;
      const granted = status === AccessRequestStatus.GRANTED;
      if (granted) await this.grants.grant(ticket.id, request.requestedBy, user.id, 'ACCESS_REQUEST');
      const decided = await this.requests.decide(request.id, status, user.id, comment);
      await this.recorder.record(
        {
          ticketId: ticket.id,
          type: granted ? HistoryType.ACCESS_GRANTED : HistoryType.ACCESS_DENIED,
          actorId: user.id,
          details: { requestId: request.id, userId: request.requestedBy, ...(comment ? { comment } : {}) },
        },
        {
          type: EventType.TICKET_ACCESS_DECIDED,
          data: {
            ticket: ticketSnapshot(ticket),
            requestId: request.id,
            requestedBy: request.requestedBy,
            decision: status,
            ...(comment ? { reason: comment } : {}),
          },
        },
      );
      this.logger.log(
        { ticketId: ticket.id, requestId: request.id, actorId: user.id, status },
        'access decided',
      );
      return decided;
    });
  }

  /** Those asked to decide: the ticket's requester and the team leads of its department. */
  private async decidersOf(ticket: Ticket): Promise<string[]> {
    const leads = ticket.departmentId ? await this.requests.departmentLeads(ticket.departmentId) : [];
    return [...new Set([ticket.requesterId, ...leads])];
  }
}
