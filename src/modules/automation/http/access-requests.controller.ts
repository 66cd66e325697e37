import { Resource, Route } from '../../../common/http/route.decorator';
import { Body, Query } from '@nestjs/common';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { STAFF } from '../../../common/auth/role';
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

/** A grant or deny route: the request as decided; `entry` is the history entry the decision writes. */
const DecisionRoute = (path: string, summary: string, entry: string) =>
  Route.post(path, AccessRequestResponseDto, {
    summary,
    description: `By ${DECIDERS}. Writes ${entry} history and notifies the person who asked.`,
    notFound: '',
    conflict: 'CONFLICT: already decided',
    forbidden: 'you asked for it yourself',
  });

@Resource('access requests', 'tickets')
export class TicketAccessRequestsController {
  constructor(private readonly requests: AccessRequestsService) {}

  @Route.accept(':id/access-requests', AccessRequestAcceptedDto, {
    summary: 'Ask to see a RESTRICTED ticket whose id or PID you know',
    description:
      'Staff only. Answers 202 whether or not the ticket exists, so asking reveals nothing; a request is recorded ' +
      `(with an ACCESS_REQUESTED history entry) only for a RESTRICTED ticket you cannot see, and ${DECIDERS} ` +
      'are notified. The ticket stays 404 to you until granted. Asking twice while pending records one request. ' +
      'A ticket you can already see is 409.',
    conflict: 'CONFLICT: you can already see this ticket',
    access: STAFF,
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

@Resource('access requests', 'access-requests', 'signed-in')
export class AccessRequestsController {
  constructor(private readonly requests: AccessRequestsService) {}

  @Route.list('', AccessRequestResponseDto, {
    summary: 'Access requests you decide, newest first',
    description: `Those for tickets you requested; a TEAM_LEAD also their department’s; an ADMIN all.`,
  })
  async list(@CurrentActor() user: Actor, @Query() q: ListAccessRequestsQueryDto) {
    const page = await this.requests.list(user, { status: q.status, ticketId: q.ticketId }, q);
    return page.map(toAccessRequestResponse);
  }

  @Route.one(':id', AccessRequestResponseDto, {
    summary: 'One access request (those who decide it, and the person who asked)',
  })
  async get(@CurrentActor() user: Actor, @RequestId() id: string) {
    return toAccessRequestResponse(await this.requests.get(user, id));
  }

  @DecisionRoute(':id/grant', 'Grant: the person who asked may see the ticket from now on', 'ACCESS_GRANTED')
  grant(@CurrentActor() user: Actor, @RequestId() id: string, @Body() body: DecideAccessRequestDto) {
    return this.decide(user, id, AccessRequestStatus.GRANTED, body);
  }

  @DecisionRoute(':id/deny', 'Deny: the ticket stays hidden from the person who asked', 'ACCESS_DENIED')
  deny(@CurrentActor() user: Actor, @RequestId() id: string, @Body() body: DecideAccessRequestDto) {
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
