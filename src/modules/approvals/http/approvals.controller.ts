import { ErrorCode } from '../../../common/errors/error-codes';
import { ApiCreated, ApiList, ApiNoContent, ApiOne } from '../../../common/http/api-route.decorator';
import { applyDecorators, Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { Role } from '../../../common/auth/role';
import { Authenticated, Roles } from '../../../common/auth/roles.decorator';
import { ApiEnvelope } from '../../../common/http/api-envelope.decorator';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { Page } from '../../../common/pagination/page';
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

/** Documents an approve or reject route (200 with the request, or 404, 403, 409 as DECIDING says). */
const ApiDecision = (summary: string, description: string) =>
  applyDecorators(
    ApiOperation({ summary, description }),
    ApiEnvelope(ApprovalResponseDto),
    ApiNotFoundResponse({ description: 'NOT_FOUND' }),
    ApiForbiddenResponse({
      description:
        'FORBIDDEN: you see the request but do not decide it, or onBehalfOf names someone you may not stand in for now',
    }),
    ApiConflictResponse({
      description:
        'CONFLICT: you (or the step) already decided, the request is closed, or the ticket no longer waits for approval',
    }),
  );

@ApiTags('approvals')
@Authenticated()
@Controller('approvals')
export class ApprovalsController {
  constructor(
    private readonly queries: ApprovalQueriesService,
    private readonly decisions: ApprovalDecisionsService,
    private readonly delegations: DelegationsService,
  ) {}

  @Get('pending')
  @ApiList(PendingApprovalDto, {
    summary: 'Decisions waiting on you',
    description:
      'Open steps you approve and have not decided, and those of users who delegated to you for this moment ' +
      '(with `onBehalfOf`), oldest first.',
  })
  async pending(@CurrentActor() user: Actor, @Query() q: PageQueryDto): Promise<Page<PendingApprovalDto>> {
    return (await this.queries.pending(user, q)).map(toPendingResponse);
  }

  @Get('delegations')
  @ApiList(DelegationResponseDto, {
    summary: 'Your delegation windows, given and received (ADMIN: all)',
    description: 'Latest start first.',
  })
  async listDelegations(
    @CurrentActor() user: Actor,
    @Query() q: PageQueryDto,
  ): Promise<Page<DelegationResponseDto>> {
    const now = new Date();
    return (await this.delegations.list(user, q)).map((d) => toDelegationResponse(d, now));
  }

  @Post('delegations')
  @ApiCreated(DelegationResponseDto, {
    summary: 'Delegate your approvals for a time window (out of office)',
    description:
      'While the window [from, to) is active the delegate sees your pending approvals in GET /approvals/pending ' +
      'and may decide them in your name; outside it they get 404. Delegating to yourself or to an inactive user is ' +
      '400; a window overlapping one of yours is 409.',
    conflict: 'CONFLICT: overlaps another of your windows',
    errors: [[ErrorCode.VALIDATION_ERROR, 'yourself, inactive user, or a bad window']],
  })
  async delegate(
    @CurrentActor() user: Actor,
    @Body() body: CreateDelegationDto,
  ): Promise<DelegationResponseDto> {
    const created = await this.delegations.create(
      user,
      body.delegateId.toLowerCase(),
      instantOf(body.from),
      instantOf(body.to),
    );
    return toDelegationResponse(created);
  }

  @Delete('delegations/:id')
  @HttpCode(204)
  @ApiNoContent(
    {
      summary: 'End a delegation (its delegator, or an ADMIN)',
      notFound: '',
      errors: [[ErrorCode.FORBIDDEN, 'the delegate may not remove it']],
    },
    'removed',
  )
  async undelegate(@CurrentActor() user: Actor, @IdParam('Delegation') id: string): Promise<void> {
    await this.delegations.remove(user, id);
  }

  @Get()
  @Roles(Role.ADMIN)
  @ApiList(ApprovalResponseDto, {
    summary: 'Every approval request (ADMIN), oldest first',
    description:
      '`stale=true`: only requests still pending longer than APPROVAL_STALE_HOURS after their ticket was filed, so ' +
      'nothing waits unseen (an ALL step whose approver was deactivated waits until POST /approvals/{id}/reassign).',
  })
  async list(@Query() q: ListApprovalsQueryDto): Promise<Page<ApprovalResponseDto>> {
    const page = await this.queries.list({ stale: q.stale, status: q.status }, q);
    return page.map((r) => toApprovalResponse(r));
  }

  @Get(':id')
  @ApiOne(ApprovalResponseDto, {
    summary: 'One approval request: its steps, their approvers and decisions, and the ticket',
    description:
      'For its approvers, their delegates of the moment, the requester, ADMINs and staff who may read the ticket; ' +
      'anyone else gets 404.',
  })
  async get(@CurrentActor() user: Actor, @ApprovalId() id: string): Promise<ApprovalResponseDto> {
    const { request, ticket } = await this.queries.get(user, id);
    return toApprovalResponse(request, ticket);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiDecision(
    'Approve the open step',
    `${DECIDING} A step passes when all (ALL) or any one (ANY) of its approvers approve; then the next step ` +
      'opens, or after the last the ticket goes OPEN (and is auto-assigned if its department does so).',
  )
  approve(
    @CurrentActor() user: Actor,
    @ApprovalId() id: string,
    @Body() body: ApproveDto,
  ): Promise<ApprovalResponseDto> {
    return this.decide(user, id, 'APPROVED', body.comment ?? null, body.onBehalfOf);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiDecision(
    'Reject: the ticket is CANCELLED',
    `${DECIDING} One rejection rejects the whole request; a comment is required.`,
  )
  reject(
    @CurrentActor() user: Actor,
    @ApprovalId() id: string,
    @Body() body: RejectDto,
  ): Promise<ApprovalResponseDto> {
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
      onBehalfOf: onBehalfOf?.toLowerCase(),
    });
    return toApprovalResponse(decided);
  }

  @Post(':id/reassign')
  @HttpCode(200)
  @Roles(Role.ADMIN)
  @ApiOne(ApprovalResponseDto, {
    summary: 'Replace an approver the open step still waits on (ADMIN)',
    description:
      'For an approver who was deactivated (an ALL step waits for them otherwise) or is away for good. The new ' +
      'approver is made party to the ticket, told like any approver, and recorded with APPROVAL_REQUESTED history.',
    conflict:
      'CONFLICT: the request is closed, the ticket no longer waits for approval, or toUserId already approves the step',
    errors: [[ErrorCode.VALIDATION_ERROR, 'fromUserId does not wait on the step, or bad toUserId']],
  })
  async reassign(
    @CurrentActor() user: Actor,
    @ApprovalId() id: string,
    @Body() body: ReassignDto,
  ): Promise<ApprovalResponseDto> {
    const updated = await this.decisions.reassign(
      user,
      id,
      body.fromUserId.toLowerCase(),
      body.toUserId.toLowerCase(),
    );
    return toApprovalResponse(updated);
  }
}

@ApiTags('approvals')
@Authenticated()
@Controller('tickets')
export class TicketApprovalsController {
  constructor(private readonly queries: ApprovalQueriesService) {}

  @Get(':id/approvals')
  @ApiList(ApprovalResponseDto, {
    summary: 'The approval requests of a ticket',
    description:
      'For whoever may read the ticket (`id` is its UUID or PID); a ticket without approval has none.',
    notFound: '',
  })
  async ofTicket(
    @CurrentActor() user: Actor,
    @TicketRefParam() id: string,
    @Query() q: PageQueryDto,
  ): Promise<Page<ApprovalResponseDto>> {
    const all = await this.queries.ofTicket(user, id);
    const start = (q.page - 1) * q.limit;
    return new Page(
      all.slice(start, start + q.limit).map((r) => toApprovalResponse(r)),
      q.page,
      q.limit,
      all.length,
    );
  }
}
