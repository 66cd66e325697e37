import { Resource, Route } from '../../../common/http/route.decorator';
import { IdParam, TicketRefParam } from '../../../common/http/id-param.pipe';
import { Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { STAFF } from '../../../common/auth/role';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { emlDownload } from '../../../common/http/download';
import { ApiDownload } from '../../../common/http/api-download.decorator';
import { TicketMailsService } from '../ticket-mails.service';
import { TicketMailResponseDto } from './ticket-mail.dto';
import { toTicketMailResponse } from './ticket-mail.mapper';

/** Staff read the mails a ticket came from as they arrived: the stored messages have quotes and signatures cut. */
@Resource('inbound email', 'tickets/:id/emails', STAFF)
export class TicketMailsController {
  constructor(private readonly mails: TicketMailsService) {}

  @Route.list('', TicketMailResponseDto, {
    summary:
      'The inbound mails that opened or added to a ticket (staff who can see the ticket), oldest first',
    notFound: 'no such ticket in your scope',
  })
  async list(@CurrentActor() user: Actor, @TicketRefParam() ticket: string, @Query() q: PageQueryDto) {
    return (await this.mails.mailsOf(user, ticket, q)).map(toTicketMailResponse);
  }

  @Get(':emailId/raw')
  @ApiDownload('One of those mails as it arrived (message/rfc822, as a download)', 'message/rfc822')
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such ticket in your scope, or no such mail of it' })
  async raw(
    @CurrentActor() user: Actor,
    @TicketRefParam() ticketId: string,
    @IdParam('Mail', 'emailId') emailId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    return emlDownload(reply, await this.mails.rawMail(user, ticketId, emailId), emailId);
  }
}
