import { ApiRoute } from '../../../common/http/api-route.decorator';
import { Resource, Route } from '../../../common/http/route.decorator';
import { IdParam, TicketRefParam } from '../../../common/http/id-param.pipe';
import { Body, Patch, Query } from '@nestjs/common';
import { ApiHeader, ApiParam } from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { ValidationFailedError } from '../../../common/errors/domain-errors';
import { ErrorCode } from '../../../common/errors/error-codes';
import { HeaderValue } from '../../../common/http/header-value.decorator';
import { instantOf } from '../../../common/time/instant';
import { TicketCommands } from '../ticket-commands.port';
import { TicketAccessGrantsService } from '../ticket-access-grants.service';
import { ListTicketsQuery, TicketQueries } from '../ticket-queries.port';
import {
  AddMessageDto,
  ChangeStatusDto,
  CreateTicketDto,
  GrantAccessDto,
  ListTicketsQueryDto,
  SummaryQueryDto,
  TimelinePageQueryDto,
  UpdateTicketDto,
} from './ticket.dto';
import {
  GrantResponseDto,
  HistoryResponseDto,
  MessageResponseDto,
  SummaryResponseDto,
} from './ticket-timeline.dto';
import { TicketResponseDto } from '../ticket-response.dto';
import { toHistoryResponse, toMessageResponse } from './ticket.mapper';
import { toTicketResponse } from '../ticket-response.mapper';

function idempotencyKey(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.length === 0 || raw.length > 255) {
    throw new ValidationFailedError('Idempotency-Key must be 1 to 255 characters', [
      { field: 'Idempotency-Key', message: 'must be 1 to 255 characters' },
    ]);
  }
  return raw;
}

/** `If-Match: 3`, `"3"` or `W/"3"`. */
function expectedVersion(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(raw.trim());
  if (!match) {
    throw new ValidationFailedError('If-Match must carry the ticket version', [
      { field: 'If-Match', message: 'must be the ticket version, e.g. 3' },
    ]);
  }
  return Number(match[1]);
}

const TicketId = () => IdParam('Ticket');

/** The list's filters as the query names them. */
const filterOf = (q: ListTicketsQueryDto): ListTicketsQuery => ({
  statuses: q.status,
  priorities: q.priority,
  departmentId: q.departmentId,
  teamId: q.teamId,
  assigneeId: q.assigneeId?.toLowerCase(),
  requesterId: q.requesterId,
  serviceItemId: q.serviceItemId,
  categoryId: q.categoryId,
  tag: q.tag,
  createdFrom: q.createdFrom ? instantOf(q.createdFrom) : undefined,
  createdTo: q.createdTo ? instantOf(q.createdTo) : undefined,
  dueBefore: q.dueBefore ? instantOf(q.dueBefore) : undefined,
  breached: q.breached,
  q: q.q,
  sort: q.sort,
  viewId: q.view,
});

@Resource('tickets', 'tickets', 'signed-in')
export class TicketsController {
  constructor(
    private readonly tickets: TicketCommands,
    private readonly queries: TicketQueries,
    private readonly accessGrants: TicketAccessGrantsService,
  ) {}

  @Route.create('', TicketResponseDto, {
    summary: 'Open a ticket',
    description:
      'The caller is the requester. With an Idempotency-Key (≤ 255 chars, kept 24 h per user) a retry with the same ' +
      'body returns the first ticket, a different body is 422 IDEMPOTENCY_KEY_REUSED, and concurrent requests with ' +
      'one key create one ticket.',
    errors: [
      [ErrorCode.IDEMPOTENCY_KEY_REUSED, 'this Idempotency-Key was used with a different body'],
      [ErrorCode.CONFLICT, 'the service item’s approval chain was removed while the ticket was being filed'],
    ],
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'any string of 1 to 255 characters, kept 24 h per user; retries with the same key and body get the first answer',
    schema: { type: 'string', minLength: 1, maxLength: 255 },
  })
  async create(
    @CurrentActor() user: Actor,
    @Body() body: CreateTicketDto,
    @HeaderValue('idempotency-key') key?: string,
  ) {
    return toTicketResponse(await this.tickets.create(user, body, idempotencyKey(key)));
  }

  @Route.list('', TicketResponseDto, {
    summary: 'List the tickets you may see',
    description:
      'Scope is applied in the query: `total` never counts what you may not see. `view=<id>` applies a saved ' +
      "view's filters (yours, or one shared with your department) under your own scope, so a shared view never " +
      'shows more than you may see; filters given as well replace the view’s own. `pagination.total` is exact up ' +
      'to 10,000 matching tickets; past that it is the database’s estimate and `pagination.totalIsEstimate` is ' +
      'true. For deep pages pass `pagination.nextCursor` back as `cursor` (keyset paging: every page costs the ' +
      'same), rather than a large `page`.',
  })
  async list(@CurrentActor() user: Actor, @Query() q: ListTicketsQueryDto) {
    const page = await this.queries.list(
      user,
      filterOf(q),
      q.cursor ? { cursor: q.cursor, limit: q.limit } : { page: q.page, limit: q.limit },
    );
    return page.map(toTicketResponse);
  }

  @Route.get('summary', SummaryResponseDto, {
    summary: 'Ticket counts by status',
    description:
      'ADMIN: all tickets or one department (`departmentId`). AGENT/TEAM_LEAD: their department’s non-restricted ' +
      'tickets. END_USER: their own. Cached briefly; every ticket write refreshes it.',
    errors: [
      [ErrorCode.NOT_FOUND, 'staff asking for another department than their own, or staff of no department'],
    ],
  })
  async summary(@CurrentActor() user: Actor, @Query() q: SummaryQueryDto): Promise<SummaryResponseDto> {
    return { byStatus: await this.queries.summary(user, q.departmentId) };
  }

  @Route.get(':id', TicketResponseDto, { summary: 'One ticket, by UUID or PID' })
  @ApiParam({ name: 'id', description: 'the ticket’s UUID or its PID (`TKT-202611-000042`)' })
  async get(@CurrentActor() user: Actor, @TicketRefParam() idOrPid: string) {
    return toTicketResponse(await this.queries.get(user, idOrPid));
  }

  @Patch(':id')
  @ApiRoute(TicketResponseDto, {
    summary: 'Edit a ticket',
    description:
      'Staff: every field. Requester: title and description while OPEN. `If-Match: <version>` makes the edit ' +
      'conditional: a stale version is 409 CONFLICT.',
    errors: [
      [ErrorCode.CONFLICT, 'If-Match names an older version, or the team belongs to another department'],
    ],
    forbidden: 'a field your role may not change, or a requester’s edit of a ticket no longer OPEN',
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'the version you last read (`3`, `"3"` or `W/"3"`)',
    schema: { type: 'string' },
  })
  async update(
    @CurrentActor() user: Actor,
    @TicketId() id: string,
    @Body() body: UpdateTicketDto,
    @HeaderValue('if-match') ifMatch?: string,
  ) {
    return toTicketResponse(await this.tickets.update(user, id, body, expectedVersion(ifMatch)));
  }

  @Route.post(':id/status', TicketResponseDto, {
    summary: 'Move a ticket through its lifecycle (409 INVALID_TRANSITION for moves the table lacks)',
    errors: [[ErrorCode.INVALID_TRANSITION, 'the lifecycle has no move from the current status to this one']],
    forbidden: 'a move the table allows but your role may not make on this ticket',
  })
  async changeStatus(@CurrentActor() user: Actor, @TicketId() id: string, @Body() body: ChangeStatusDto) {
    return toTicketResponse(await this.tickets.changeStatus(user, id, body.status, body.reason));
  }

  @Route.create(':id/messages', MessageResponseDto, {
    summary: 'Reply, or (staff) add an internal note',
    forbidden: 'an internal note by someone not working the ticket, or a reply where you may only read',
  })
  async addMessage(@CurrentActor() user: Actor, @TicketId() id: string, @Body() body: AddMessageDto) {
    return toMessageResponse(await this.tickets.addMessage(user, id, body.body, body.internal ?? false));
  }

  @Route.list(':id/messages', MessageResponseDto, {
    summary: 'Messages, oldest first (END_USERs never see internal notes)',
  })
  async messages(@CurrentActor() user: Actor, @TicketId() id: string, @Query() q: TimelinePageQueryDto) {
    return (await this.queries.messagesOf(user, id, q)).map(toMessageResponse);
  }

  @Route.list(':id/history', HistoryResponseDto, {
    summary: 'The append-only timeline, oldest first',
    description:
      'An entry that names another ticket names it only to callers who may see that ticket: otherwise its ' +
      'reference is null (`ticketId` and `pid` of LINKED, UNLINKED and MERGED; `mergedInto` of the STATUS_CHANGED ' +
      'a merge writes, whose `reason` then reads "merged into another ticket"; `followUpOf` of CREATED).',
  })
  async history(@CurrentActor() user: Actor, @TicketId() id: string, @Query() q: TimelinePageQueryDto) {
    return (await this.queries.historyOf(user, id, q)).map(toHistoryResponse);
  }

  @Route.create(':id/access', GrantResponseDto, {
    summary: 'Grant a user view access to a RESTRICTED ticket (staff working it, or its requester)',
    errors: [[ErrorCode.CONFLICT, 'the ticket is not RESTRICTED']],
    forbidden: 'neither staff working the ticket nor its requester',
  })
  async grant(@CurrentActor() user: Actor, @TicketId() id: string, @Body() body: GrantAccessDto) {
    const grant: GrantResponseDto = await this.accessGrants.grantAccess(user, id, body.userId);
    return grant;
  }
}
