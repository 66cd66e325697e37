import { Resource, Route } from '../../../common/http/route.decorator';
import { IdParam, TicketRefParam } from '../../../common/http/id-param.pipe';
import { Body } from '@nestjs/common';
import { ApiExtraModels, ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { STAFF } from '../../../common/auth/role';
import { MergeOutcome, TicketMergeService } from '../ticket-merge.service';
import { toTicketResponse } from '../ticket-response.mapper';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { TICKET_LINK_TYPES, TicketLinkType } from '../ticket-links.port';
import { TicketLinksService } from '../ticket-links.service';
import { MergeOutcomeDto, TicketLinkResponseDto } from './ticket-link.dto';
import { toLinkResponse } from './ticket-link.mapper';

const LinkId = () => IdParam('Link', 'linkId');

const toMergeOutcomeResponse = (outcome: MergeOutcome): MergeOutcomeDto => ({
  source: toTicketResponse(outcome.source),
  target: toTicketResponse(outcome.target),
});

// The request bodies stay beside their routes: in a *.dto.ts the Swagger plugin would publish their validators'
// limits, and the document must not change.
export class CreateTicketLinkDto {
  /** the other ticket, by id (UUID) or PID */
  @ApiProperty({ description: 'the other ticket, by id (UUID) or PID' })
  @IsString()
  @MaxLength(64)
  targetId: string;

  @ApiProperty({
    enum: TICKET_LINK_TYPES,
    description: 'RELATED (either way round), DUPLICATE_OF (this ticket duplicates the target), PARENT_OF',
  })
  @IsIn(TICKET_LINK_TYPES)
  type: TicketLinkType;
}

export class MergeTicketDto {
  @ApiProperty({ description: 'the ticket to merge into, by id (UUID) or PID' })
  @IsString()
  @MaxLength(64)
  targetId: string;
}

@Resource('tickets', 'tickets/:id/links', 'signed-in')
@ApiExtraModels(TicketLinkResponseDto)
export class TicketLinksController {
  constructor(private readonly links: TicketLinksService) {}

  @Route.get('', [TicketLinkResponseDto], {
    summary:
      "A ticket's links in both directions, oldest first (links to tickets outside your scope are left out)",
  })
  async list(@CurrentActor() user: Actor, @TicketRefParam() id: string) {
    return (await this.links.list(user, id)).map(toLinkResponse);
  }

  @Route.create('', TicketLinkResponseDto, {
    access: STAFF,
    summary:
      'Link this ticket (the source) to another (staff working this ticket; the target must be visible to you)',
    notFound: 'either ticket is missing or outside your scope',
    conflict: 'CONFLICT: the link exists (RELATED counts in both directions) or would close a cycle',
    invalid: 'a link to the ticket itself, or a malformed targetId',
    forbidden: 'you see the ticket but do not work it',
  })
  async create(@CurrentActor() user: Actor, @TicketRefParam() id: string, @Body() body: CreateTicketLinkDto) {
    return toLinkResponse(await this.links.create(user, id, body.targetId, body.type));
  }

  @Route.noContent(
    'DELETE',
    ':linkId',
    {
      access: STAFF,
      summary: 'Remove a link of this ticket, in either direction (staff working this ticket)',
      notFound: 'no such link on this ticket',
      conflict: 'CONFLICT: the DUPLICATE_OF link of a merge stays',
      forbidden: 'you see the ticket but do not work it',
    },
    'Removed',
  )
  async remove(@CurrentActor() user: Actor, @TicketRefParam() id: string, @LinkId() linkId: string) {
    await this.links.remove(user, id, linkId);
  }
}

@Resource('tickets', 'tickets/:id/merge')
export class TicketMergeController {
  constructor(private readonly merges: TicketMergeService) {}

  @Route.post('', MergeOutcomeDto, {
    access: STAFF,
    summary:
      'Merge this ticket into targetId: a DUPLICATE_OF link, this ticket CLOSED, its messages and attachments shown on the target, history on both',
    description:
      'A RESTRICTED ticket may be merged into any ticket, but its messages and attachments show on the target ' +
      '(GET /tickets/:id/messages, /attachments, GET /attachments/:id) only to callers who may read the merged ticket ' +
      'itself: its parties and ADMINs. Everyone else reading the target sees the target as if the merge had brought ' +
      'nothing, and the history entries naming the merged ticket show `ticketId`/`pid` as null to them (see ' +
      "GET /tickets/:id/history). An INTERNAL ticket's messages and attachments show to everyone who reads the target. " +
      'The merged ticket is CLOSED without being resolved: its resolvedAt and SLA resolution outcome stay as they ' +
      'were (a ticket never resolved keeps resolvedAt null and an undecided resolution unless breached), so the ' +
      'reports count it as neither resolved nor meeting its target.',
    notFound: 'either ticket is missing or outside your scope',
    conflict: 'CONFLICT: either ticket is already merged or finished, or the merge would make a cycle',
    invalid: 'a merge into itself, or a malformed targetId',
    forbidden: 'you do not work both tickets, or they are of different departments (ADMIN only)',
  })
  async merge(@CurrentActor() user: Actor, @TicketRefParam() id: string, @Body() body: MergeTicketDto) {
    return toMergeOutcomeResponse(await this.merges.merge(user, id, body.targetId));
  }
}
