import { ErrorCode } from '../../../common/errors/error-codes';
import { ApiAccepted, ApiList, ApiOne } from '../../../common/http/api-route.decorator';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { Role } from '../../../common/auth/role';
import { Authenticated, Roles } from '../../../common/auth/roles.decorator';
import { Page } from '../../../common/pagination/page';
import { IdParam, TicketRefParam } from '../../../common/http/id-param.pipe';
import { AccessRequestsService } from '../access-requests.service';
import { AccessRequestStatus } from '../domain/access-request';
import {
  AccessRequestAcceptedDto,
  AccessRequestResponseDto,
  CreateAccessRequestDto,
  DecideAccessRequestDto,
  ListAccessRequestsQueryDto,
} from './access-request.dto';
import { toAccessRequestResponse } from './access-request.mapper';

const RequestId = () => IdParam('Access request');
const DECIDERS =
  'the ticket’s requester, a TEAM_LEAD of its department, or an ADMIN (never the person who asked)';

/** Documents a grant or deny route: the request as decided; `entry` is the history entry the decision writes. */
const ApiDecision = (summary: string, entry: string) =>
  ApiOne(AccessRequestResponseDto, {
    summary,
    description: `By ${DECIDERS}. Writes ${entry} history and notifies the person who asked.`,
    conflict: 'CONFLICT: already decided',
    errors: [[ErrorCode.FORBIDDEN, 'you asked for it yourself']],
  });

@ApiTags('access requests')
@Controller('tickets')
export class TicketAccessRequestsController {
  constructor(private readonly requests: AccessRequestsService) {}

  @Post(':id/access-requests')
  @HttpCode(202)
  @Roles(Role.AGENT, Role.TEAM_LEAD, Role.ADMIN)
  @ApiAccepted(AccessRequestAcceptedDto, {
    summary: 'Ask to see a RESTRICTED ticket whose id or PID you know',
    description:
      'Staff only. Answers 202 whether or not the ticket exists, so asking reveals nothing; a request is recorded ' +
      `(with an ACCESS_REQUESTED history entry) only for a RESTRICTED ticket you cannot see, and ${DECIDERS} ` +
      'are notified. The ticket stays 404 to you until granted. Asking twice while pending records one request. ' +
      'A ticket you can already see is 409.',
    conflict: 'CONFLICT: you can already see this ticket',
  })
  async request(
    @CurrentActor() user: Actor,
    @TicketRefParam() id: string,
    @Body() body: CreateAccessRequestDto,
  ): Promise<AccessRequestAcceptedDto> {
    await this.requests.request(user, id, body.reason);
    return { status: 'PENDING' };
  }
}

@ApiTags('access requests')
@Authenticated()
@Controller('access-requests')
export class AccessRequestsController {
  constructor(private readonly requests: AccessRequestsService) {}

  @Get()
  @ApiList(AccessRequestResponseDto, {
    summary: 'Access requests you decide, newest first',
    description: `Those for tickets you requested; a TEAM_LEAD also their department’s; an ADMIN all.`,
  })
  async list(
    @CurrentActor() user: Actor,
    @Query() q: ListAccessRequestsQueryDto,
  ): Promise<Page<AccessRequestResponseDto>> {
    const page = await this.requests.list(user, { status: q.status, ticketId: q.ticketId }, q);
    return page.map(toAccessRequestResponse);
  }

  @Get(':id')
  @ApiOne(AccessRequestResponseDto, {
    summary: 'One access request (those who decide it, and the person who asked)',
  })
  async get(@CurrentActor() user: Actor, @RequestId() id: string): Promise<AccessRequestResponseDto> {
    return toAccessRequestResponse(await this.requests.get(user, id));
  }

  @Post(':id/grant')
  @HttpCode(200)
  @ApiDecision('Grant: the person who asked may see the ticket from now on', 'ACCESS_GRANTED')
  grant(
    @CurrentActor() user: Actor,
    @RequestId() id: string,
    @Body() body: DecideAccessRequestDto,
  ): Promise<AccessRequestResponseDto> {
    return this.decide(user, id, AccessRequestStatus.GRANTED, body);
  }

  @Post(':id/deny')
  @HttpCode(200)
  @ApiDecision('Deny: the ticket stays hidden from the person who asked', 'ACCESS_DENIED')
  deny(
    @CurrentActor() user: Actor,
    @RequestId() id: string,
    @Body() body: DecideAccessRequestDto,
  ): Promise<AccessRequestResponseDto> {
    return this.decide(user, id, AccessRequestStatus.DENIED, body);
  }

  private async decide(
    user: Actor,
    id: string,
    status: AccessRequestStatus.GRANTED | AccessRequestStatus.DENIED,
    body: DecideAccessRequestDto,
  ): Promise<AccessRequestResponseDto> {
    return toAccessRequestResponse(await this.requests.decide(user, id, status, body.comment ?? null));
  }
}
