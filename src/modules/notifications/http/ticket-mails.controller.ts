import { IdParam, TicketRefParam } from '../../../common/http/id-param.pipe';
import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { Role } from '../../../common/auth/role';
import { Roles } from '../../../common/auth/roles.decorator';
import { ApiPageEnvelope } from '../../../common/http/api-envelope.decorator';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { SkipEnvelope } from '../../../common/http/skip-envelope.decorator';
import { Page } from '../../../common/pagination/page';
import { TicketMailsService } from '../ticket-mails.service';
import { TicketMailResponseDto } from './ticket-mail.dto';
import { toTicketMailResponse } from './ticket-mail.mapper';

/** Staff read the mails a ticket came from as they arrived: the stored messages have quotes and signatures cut. */
@ApiTags('inbound email')
@Roles(Role.AGENT, Role.TEAM_LEAD, Role.ADMIN)
@Controller('tickets/:id/emails')
export class TicketMailsController {
  constructor(private readonly mails: TicketMailsService) {}

  @Get()
  @ApiOperation({
    summary:
      'The inbound mails that opened or added to a ticket (staff who can see the ticket), oldest first',
  })
  @ApiPageEnvelope(TicketMailResponseDto)
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such ticket in your scope' })
  async list(
    @CurrentActor() user: Actor,
    @TicketRefParam() ticketId: string,
    @Query() q: PageQueryDto,
  ): Promise<Page<TicketMailResponseDto>> {
    return (await this.mails.mailsOf(user, ticketId, q.page, q.limit)).map(toTicketMailResponse);
  }

  @Get(':emailId/raw')
  @SkipEnvelope()
  @ApiOperation({ summary: 'One of those mails as it arrived (message/rfc822, as a download)' })
  @ApiProduces('message/rfc822')
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such ticket in your scope, or no such mail of it' })
  async raw(
    @CurrentActor() user: Actor,
    @TicketRefParam() ticketId: string,
    @IdParam('Mail', 'emailId') emailId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const { stream, sizeBytes } = await this.mails.rawMail(user, ticketId, emailId);
    void reply.headers({
      'content-type': 'message/rfc822',
      'content-length': String(sizeBytes),
      'content-disposition': `attachment; filename="${emailId}.eml"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    });
    return new StreamableFile(stream);
  }
}
