import { Readable } from 'node:stream';
import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiSecurity,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { HeaderValue } from '../../../common/http/header-value.decorator';
import type { FastifyReply } from 'fastify';
import { Public } from '../../../common/auth/public.decorator';
import { UnsupportedMediaTypeError } from '../../../common/errors/domain-errors';
import { ApiEnvelope } from '../../../common/http/api-envelope.decorator';
import { InboundEmailService } from '../inbound-email.service';
import { InboundEmailResponseDto } from './notification.dto';
import { toInboundResponse } from './notification.mapper';
import { INBOUND_EMAIL_ROUTE, RFC822 } from './inbound-email.http';

@ApiTags('inbound email')
@Controller('inbound/email')
export class InboundEmailController {
  constructor(private readonly inbound: InboundEmailService) {}

  @Post()
  @Public()
  @RouteConfig(INBOUND_EMAIL_ROUTE)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Receive one email from the mail gateway (raw RFC 822)',
    description:
      'Authenticated by `X-Inbound-Secret` (INBOUND_EMAIL_SECRET, compared in constant time): missing or wrong is ' +
      '401; while INBOUND_EMAIL_SECRET is unset the endpoint answers 503. A subject with a PID (`[TKT-202611-000042]`), ' +
      "or In-Reply-To/References naming one of our mails, from the ticket's requester adds a public message " +
      '(200 `reply_added`; a reply to a RESOLVED ticket reopens it); from anyone else (staff, ADMINs) it opens a ' +
      "ticket of its own and adds nothing to the one named. A requester's reply to a CLOSED or " +
      'CANCELLED ticket opens a follow-up in its department, linked RELATED to it (201 `follow_up_created`). ' +
      'Otherwise a known active sender opens a ticket (201 `ticket_created`) in the department INBOUND_ROUTES gives ' +
      'the first routed recipient (X-Original-To, Delivered-To, To, Cc), else INBOUND_DEFAULT_DEPARTMENT_ID. ' +
      'The raw mail is kept for staff (GET /tickets/{id}/emails). An unknown sender ' +
      'gets an END_USER account only with INBOUND_AUTO_REGISTER=true, else the mail is not acted on (200 `ignored`, ' +
      '`reason: unknown_sender`); so are autoresponder mails. The same Message-ID again is 200 `duplicate` and adds ' +
      'nothing. Attachments pass the upload checks; a refused one is listed in `skippedAttachments` (at most 20 are ' +
      'kept). The secret is checked before the body is read. Up to 25 MiB: a larger Content-Length is 413 at once, a ' +
      'larger body without one 413 when it passes the limit. A body that is not a readable mail is 400.',
  })
  @ApiConsumes(RFC822)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiSecurity('inboundSecret')
  @ApiEnvelope(InboundEmailResponseDto, 200, 'reply_added, duplicate or ignored')
  @ApiEnvelope(InboundEmailResponseDto, 201, 'ticket_created or follow_up_created')
  @ApiBadRequestResponse({ description: 'VALIDATION_ERROR: the body is empty or not a readable mail' })
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED: X-Inbound-Secret missing or wrong' })
  @ApiPayloadTooLargeResponse({ description: 'PAYLOAD_TOO_LARGE: the mail is over 25 MiB' })
  @ApiUnsupportedMediaTypeResponse({ description: 'UNSUPPORTED_MEDIA_TYPE: not message/rfc822' })
  @ApiServiceUnavailableResponse({ description: 'SERVICE_UNAVAILABLE: INBOUND_EMAIL_SECRET is not set' })
  async receive(
    @HeaderValue('x-inbound-secret') secret: string | undefined,
    @Body() raw: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InboundEmailResponseDto> {
    this.inbound.authenticate(secret); // again: the onRequest hook already refused a wrong one
    if (!(raw instanceof Readable))
      throw new UnsupportedMediaTypeError(`Send the raw mail as Content-Type: ${RFC822}`);
    const result = await this.inbound.receive(raw);
    if (result.status === 'ticket_created' || result.status === 'follow_up_created') void reply.status(201);
    return toInboundResponse(result);
  }
}
