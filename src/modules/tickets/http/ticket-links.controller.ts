import { Controller, Get, Param } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { AuthUser } from '../../../common/auth/auth-user';
import { CurrentUser } from '../../../common/auth/current-user.decorator';
import { Roles } from '../../../common/auth/roles.decorator';
import { TICKET_LINK_TYPES, TicketLinkView } from '../ticket-links.port';
import { TicketLinksService } from '../ticket-links.service';

export class LinkedTicketDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() pid: string;
  @ApiProperty() title: string;
  @ApiProperty() status: string;
}

export class TicketLinkResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: TICKET_LINK_TYPES }) type: string;
  @ApiProperty({ format: 'uuid' }) sourceTicketId: string;
  @ApiProperty({ format: 'uuid' }) targetTicketId: string;
  @ApiProperty({
    enum: ['outgoing', 'incoming'],
    description: 'outgoing: this ticket is the source (e.g. it is a follow-up RELATED to `ticket`)',
  })
  direction: string;
  @ApiProperty({ type: LinkedTicketDto, description: 'the ticket at the other end' }) ticket: LinkedTicketDto;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

const toLinkResponse = (l: TicketLinkView): TicketLinkResponseDto => ({
  id: l.id,
  type: l.type,
  sourceTicketId: l.sourceTicketId,
  targetTicketId: l.targetTicketId,
  direction: l.direction,
  ticket: { id: l.ticket.id, pid: l.ticket.pid, title: l.ticket.title, status: l.ticket.status },
  createdBy: l.createdBy,
  createdAt: l.createdAt.toISOString(),
});

@ApiTags('tickets')
@Roles()
@Controller('tickets/:id/links')
@ApiExtraModels(TicketLinkResponseDto)
export class TicketLinksController {
  constructor(private readonly links: TicketLinksService) {}

  @Get()
  @ApiOperation({
    summary:
      "A ticket's links in both directions, oldest first (links to tickets outside your scope are left out)",
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        success: { type: 'boolean', example: true },
        data: { type: 'array', items: { $ref: getSchemaPath(TicketLinkResponseDto) } },
        meta: { type: 'object' },
      },
    },
  })
  async list(@CurrentUser() user: AuthUser, @Param('id') ticketId: string): Promise<TicketLinkResponseDto[]> {
    return (await this.links.list(user, ticketId)).map(toLinkResponse);
  }
}
