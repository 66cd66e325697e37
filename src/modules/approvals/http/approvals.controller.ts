import { Resource, Route } from '../../../common/http/route.decorator';
import { Body, Query } from '@nestjs/common';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { ADMINS } from '../../../common/auth/role';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { pageOf } from '../../../common/pagination/page';
import { instantOf } from '../../../common/time/instant';
import { IdParam, TicketRefParam } from '../../../common/http/id-param.pipe';
import { ApprovalDecisionsService } from '../approval-decisions.service';
import { ApprovalQueriesService } from '../approval-queries.service';
import { DelegationsService } from '../delegations.service';
import {
  ApprovalResponseDto,
  ApproveDto,
  CreateDelegationDto,
  DelegationResponseDto,
  ListApprovalsQueryDto,
  PendingApprovalDto,
  ReassignDto,
  RejectDto,
} from './approval.dto';
import { toApprovalResponse, toDelegationResponse, toPendingResponse } from './approval.mapper';

const ApprovalId = () => IdParam('Approval request');
const DECIDING =
  'By an approver the open step waits on, or by their delegate while a delegation window is active (in the ' +
  'approver’s name; history records both). Decisions on one request are serialised: of two racing, the first ' +
  'takes effect and the other gets 409. Those who may see the request but not decide it (its requester, an ADMIN, ' +
  'staff of the department) get 403; anyone else 404; deciding twice, or on a closed request, is 409.';

/** An approve or reject route (200 with the request, or 404, 403, 409 as DECIDING says). */
const DecisionRoute = (path: string, summary: string, description: string) =>
  Route.post(path, ApprovalResponseDto, {
    summary,
    description,
    notFound: '',
    forbidden:
      'you see the request but do not decide it, or onBehalfOf names someone you may not stand in for now',
    conflict:
      'CONFLICT: you (or the step) already decided, the request is closed, or the ticket no longer waits for approval',
  });

@Resource('approvals', 'approvals', 'signed-in')
export class ApprovalsController {
  constructor(
    private readonly queries: ApprovalQueriesService,
    private readonly decisions: ApprovalDecisionsService,
    private readonly delegations: DelegationsService,
  ) {}

  @Route.list('pending', PendingApprovalDto, {
    summary: 'Decisions waiting on you',
    description:
      'Open steps you approve and have not decided, and those of users who delegated to you for this moment ' +
      '(with `onBehalfOf`), oldest first.',
  })
  async pending(@CurrentActor() user: Actor, @Query() q: PageQueryDto) {
    return (await this.queries.pending(user, q)).map(toPendingResponse);
  }

  @Route.list('delegations', DelegationResponseDto, {
    summary: 'Your delegation windows, given and received (ADMIN: all)',
    description: 'Latest start first.',
  })
  async listDelegations(@CurrentActor() user: Actor, @Query() q: PageQueryDto) {
    const now = new Date();
    return (await this.delegations.list(user, q)).map((d) => toDelegationResponse(d, now));
  }

  @Route.create('delegations', DelegationResponseDto, {
    summary: 'Delegate your approvals for a time window (out of office)',
    description:
      'While the window [from, to) is active the delegate sees your pending approvals in GET /approvals/pending ' +
      'and may decide them in your name; outside it they get 404. Delegating to yourself or to an inactive user is ' +
      '400; a window overlapping one of yours is 409.',
    conflict: 'CONFLICT: overlaps another of your windows',
    invalid: 'yourself, inactive user, or a bad window',
  })
  async delegate(@CurrentActor() user: Actor, @Body() body: CreateDelegationDto) {
    const created = await this.delegations.create(
      user,
      body.delegateId,
      instantOf(body.from),
      instantOf(body.to),
    );
    return toDelegationResponse(created);
  }

  @Route.remove('delegations/:id', {
    summary: 'End a delegation (its delegator, or an ADMIN)',
    forbidden: 'the delegate may not remove it',
    outcome: 'removed',
  })
  async undelegate(@CurrentActor() user: Actor, @IdParam('Delegation') id: string): Promise<void> {
    await this.delegations.remove(user, id);
  }

  @Route.list('', ApprovalResponseDto, {
    summary: 'Every approval request (ADMIN), oldest first',
    description:
      '`stale=true`: only requests still pending longer than APPROVAL_STALE_HOURS after their ticket was filed, so ' +
      'nothing waits unseen (an ALL step whose approver was deactivated waits until POST /approvals/{id}/reassign).',
    access: ADMINS,
  })
  async list(@Query() q: ListApprovalsQueryDto) {
    const page = await this.queries.list({ stale: q.stale, status: q.status }, q);
    return page.map((r) => toApprovalResponse(r));
  }

  @Route.one(':id', ApprovalResponseDto, {
    summary: 'One approval request: its steps, their approvers and decisions, and the ticket',
    description:
      'For its approvers, their delegates of the moment, the requester, ADMINs and staff who may read the ticket; ' +
      'anyone else gets 404.',
  })
  async get(@CurrentActor() user: Actor, @ApprovalId() id: string) {
    const { request, ticket } = await this.queries.get(user, id);
    return toApprovalResponse(request, ticket);
  }

  @DecisionRoute(
    ':id/approve',
    'Approve the open step',
    `${DECIDING} A step passes when all (ALL) or any one (ANY) of its approvers approve; then the next step ` +
      'opens, or after the last the ticket goes OPEN (and is auto-assigned if its department does so).',
  )
  approve(@CurrentActor() user: Actor, @ApprovalId() id: string, @Body() body: ApproveDto) {
    return this.decide(user, id, 'APPROVED', body.comment ?? null, body.onBehalfOf);
  }

  @DecisionRoute(
    ':id/reject',
    'Reject: the ticket is CANCELLED',
    `${DECIDING} One rejection rejects the whole request; a comment is required.`,
  )
  reject(@CurrentActor() user: Actor, @ApprovalId() id: string, @Body() body: RejectDto) {
    return this.decide(user, id, 'REJECTED', body.comment, body.onBehalfOf);
  }

  private async decide(
    user: Actor,
    id: string,
    decision: 'APPROVED' | 'REJECTED',
    comment: string | null,
    onBehalfOf: string | undefined,
  ): Promise<ApprovalResponseDto> {
    const decided = await this.decisions.decide(user, id, {
      decision,
      comment,
      onBehalfOf,
    });
    return toApprovalResponse(decided);
  }

  @Route.post(':id/reassign', ApprovalResponseDto, {
    summary: 'Replace an approver the open step still waits on (ADMIN)',
    description:
      'For an approver who was deactivated (an ALL step waits for them otherwise) or is away for good. The new ' +
      'approver is made party to the ticket, told like any approver, and recorded with APPROVAL_REQUESTED history.',
    conflict:
      'CONFLICT: the request is closed, the ticket no longer waits for approval, or toUserId already approves the step',
    notFound: '',
    invalid: 'fromUserId does not wait on the step, or bad toUserId',
    access: ADMINS,
  })
  async reassign(@CurrentActor() user: Actor, @ApprovalId() id: string, @Body() body: ReassignDto) {
    const updated = await this.decisions.reassign(user, id, body.fromUserId, body.toUserId);
    return toApprovalResponse(updated);
  }
}

@Resource('approvals', 'tickets', 'signed-in')
export class TicketApprovalsController {
  constructor(private readonly queries: ApprovalQueriesService) {}

  @Route.list(':id/approvals', ApprovalResponseDto, {
    summary: 'The approval requests of a ticket',
    description:
      'For whoever may read the ticket (`id` is its UUID or PID); a ticket without approval has none.',
    notFound: '',
  })
  async ofTicket(@CurrentActor() user: Actor, @TicketRefParam() id: string, @Query() q: PageQueryDto) {
    return pageOf(await this.queries.ofTicket(user, id), q).map((r) => toApprovalResponse(r));
  }
}
