import { Resource, Route } from '../../../common/http/route.decorator';
import { leaveDatabaseDeadline } from '../../../common/request-context';
import { ErrorCode } from '../../../common/errors/error-codes';
import { ApiErrors } from '../../../common/http/api-errors.decorator';
import { Get, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiSecurity,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
} from '@nestjs/swagger';
import { HeaderValue } from '../../../common/http/header-value.decorator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Actor } from '../../../common/auth/actor';
import { AccessToken } from '../../../common/auth/access-token';
import { CurrentActor, CurrentToken } from '../../../common/auth/current-actor.decorator';
import { Public } from '../../../common/auth/public.decorator';
import { SkipEnvelope } from '../../../common/http/skip-envelope.decorator';
import type { RawRequestContext } from '../../../infrastructure/logging/logging.module';
import { EventStreamService } from '../event-stream.service';
import { StreamQueryDto, StreamTokenResponseDto } from './events.dto';
import { HttpStreamSink } from './http-stream-sink';

const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // nginx and similar proxies would otherwise buffer the stream
  'x-accel-buffering': 'no',
};

@Resource('real-time', 'events')
export class EventsController {
  constructor(private readonly streams: EventStreamService) {}

  @Route.create('stream-token', StreamTokenResponseDto, {
    access: 'signed-in',
    summary: 'Get a single-use token that opens one event stream',
    description:
      'For browsers’ EventSource, which cannot send an Authorization header: open `GET /events/stream?token=<token>` ' +
      'within 60 s. The token works once, belongs to the session that asked for it (a logout ends the stream) and ' +
      'only its hash is stored. Access tokens never go in URLs.',
    errors: [[ErrorCode.SERVICE_UNAVAILABLE, 'Redis is unreachable']],
  })
  async streamToken(
    @CurrentActor() user: Actor,
    @CurrentToken() access: AccessToken,
  ): Promise<StreamTokenResponseDto> {
    const issued = await this.streams.issueToken(user, access);
    return { token: issued.token, expiresAt: issued.expiresAt.toISOString() };
  }

  @Get('stream')
  @Public()
  @SkipEnvelope()
  @ApiBearerAuth('bearer')
  @ApiSecurity('streamToken')
  @ApiOperation({
    summary: 'Server-Sent Events: your in-scope ticket events as they happen',
    description: [
      'Authenticate with `Authorization: Bearer <access token>` or `?token=<stream token>` (POST /events/stream-token).',
      'Each event is `id: <event id>`, `event: <type>`, `data: {id, type, occurredAt, data}` — the ids, types and',
      'bodies webhooks get — for events of tickets you may read right now, exactly as `GET /tickets/:id` decides;',
      'internal notes (`ticket.note_added`) only for staff who work the ticket, never for END_USERs. Another ticket',
      'an event names is named only to readers who may read it too, as the ticket history does; for anyone else its',
      'id and PID are null: a merge’s `mergedInto` (its `reason` then reads "merged into another ticket") and',
      '`mergedFrom`, the hidden end of a `link` (`sourceTicketId` or `targetTicketId`; the link’s id and type stay),',
      'a follow-up’s `followUpOf`. Webhooks, which go to administrators’ endpoints, get every event whole. Events of any',
      'instance reach every instance (Redis pub/sub), in one order. A `: heartbeat` comment comes every 15 s.',
      'Reconnect with `Last-Event-ID` to get what you missed (up to 24 h; an unknown id replays all 24 h) before',
      'the stream goes live, without duplicates. The stream ends when your session does (logout, password change,',
      'deactivation; within 5 s), when you fall more than 256 KiB behind, and when the instance shuts down:',
      'reconnect after the `retry` delay (2 s). Errors before the stream starts come as the usual JSON envelope.',
    ].join(' '),
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'the last event id you received' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'An event stream',
    content: {
      'text/event-stream': {
        schema: { type: 'string' },
        example:
          'retry: 2000\n\n: connected\n\nid: 0b9f3c1e-8a51-4a55-9d61-3f7f6c2a4e10\nevent: ticket.status_changed\n' +
          'data: {"id":"0b9f3c1e-8a51-4a55-9d61-3f7f6c2a4e10","type":"ticket.status_changed",' +
          '"occurredAt":"2026-11-21T10:00:00.000Z","data":{"ticket":{"id":"…","pid":"TKT-202611-000042"},' +
          '"from":"OPEN","to":"IN_PROGRESS"}}\n\n',
      },
    },
  })
  @ApiErrors(
    [ErrorCode.UNAUTHENTICATED, 'no valid access token or stream token'],
    [ErrorCode.SERVICE_UNAVAILABLE, 'a stream token was given while Redis is unreachable'],
  )
  async stream(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: StreamQueryDto,
    @HeaderValue('last-event-id') lastEventId?: string,
  ): Promise<void> {
    const session = await this.streams.admit({
      authorization: request.headers.authorization,
      token: query.token,
    });
    (request.raw as RawRequestContext).userId = session.actor.id; // for the access log
    reply.hijack();
    leaveDatabaseDeadline(); // the stream's catch-up reads come long after the request's database deadline
    const headers: Record<string, string | number | string[]> = {};
    for (const [name, value] of Object.entries(reply.getHeaders()))
      if (value !== undefined) headers[name] = value;
    reply.raw.writeHead(200, { ...headers, ...STREAM_HEADERS });
    request.raw.socket.setTimeout(0);
    request.raw.socket.setNoDelay(true);
    request.raw.socket.setKeepAlive(true);
    await this.streams.open(session, new HttpStreamSink(reply.raw), lastEventId);
  }
}
