import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { scopeOf, SYSTEM_ACCESS } from '../../common/auth/scope-policy';
import { NotFoundError } from '../../common/errors/domain-errors';
import { isPid } from '../../common/ids';
import { Page, PageRequest } from '../../common/pagination/page';
import { approvalsConfig } from '../../config/configuration';
import { Ticket } from '../tickets/domain/ticket';
import { TicketRepository } from '../tickets/ticket-repository.port';
import { ApprovalRepository, PendingApproval } from './approval-repository.port';
import { ApproverDirectory } from './approver-directory.port';
import { ApprovalRequest, ApprovalStatus, isInvolved } from './domain/approval';

export interface ApprovalWithTicket {
  request: ApprovalRequest;
  ticket: Ticket;
}

/** Reading approval requests: each to its audience only; anyone else gets 404, as for a missing one. */
@Injectable()
export class ApprovalQueriesService {
  constructor(
    private readonly approvals: ApprovalRepository,
    private readonly directory: ApproverDirectory,
    private readonly tickets: TicketRepository,
    @Inject(approvalsConfig.KEY) private readonly config: ConfigType<typeof approvalsConfig>,
  ) {}

  /** Decisions waiting on the caller, in their own name and in that of whoever delegated to them for now. */
  pending(user: Actor, page: PageRequest): Promise<Page<PendingApproval>> {
    return this.approvals.pendingFor(user.id, page);
  }

  /**
   * One request with its ticket, for its approvers (any step), their delegates of the moment, those who decided,
   * the requester, ADMINs, and staff who may read the ticket.
   */
  async get(user: Actor, id: string): Promise<ApprovalWithTicket> {
    const request = await this.approvals.find(id);
    if (!request) throw new NotFoundError('Approval request');
    const ticket = await this.tickets.findVisible(SYSTEM_ACCESS, { id: request.ticketId });
    if (!ticket) throw new NotFoundError('Approval request');
    const visible =
      user.role === Role.ADMIN ||
      isInvolved(request, user.id, await this.directory.activeDelegatorsOf(user.id)) ||
      (await this.tickets.findVisible(scopeOf(user), { id: ticket.id })) !== null;
    if (!visible) throw new NotFoundError('Approval request');
    return { request, ticket };
  }

  /** The requests of a ticket the caller may read (404 otherwise). */
  async ofTicket(user: Actor, idOrPid: string): Promise<ApprovalRequest[]> {
    const ref = isPid(idOrPid) ? { pid: idOrPid } : { id: idOrPid };
    const ticket = await this.tickets.findVisible(scopeOf(user), ref);
    if (!ticket) throw new NotFoundError('Ticket');
    return this.approvals.listByTicket(ticket.id);
  }

  /** ADMIN: every request, or (`stale`) those pending longer than APPROVAL_STALE_HOURS, oldest first. */
  list(
    filter: { stale?: boolean; status?: ApprovalStatus },
    page: PageRequest,
  ): Promise<Page<ApprovalRequest>> {
    const pendingSince = filter.stale ? new Date(Date.now() - this.config.staleHours * 3_600_000) : undefined;
    return this.approvals.list({ status: filter.status, pendingSince }, page);
  }

  get staleHours(): number {
    return this.config.staleHours;
  }
}
