import { Resource, Route } from '../../../common/http/route.decorator';
import '@fastify/multipart';
import { IdParam } from '../../../common/http/id-param.pipe';
import { Get, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { UnsupportedMediaTypeError, ValidationFailedError } from '../../../common/errors/domain-errors';
import { asMalformedMultipart, nextPart, watchPart } from '../../../common/http/multipart';
import { ErrorCode } from '../../../common/errors/error-codes';
import { download } from '../../../common/http/download';
import { ApiDownload } from '../../../common/http/api-download.decorator';
import { AttachmentsService } from '../attachments.service';
import { TimelinePageQueryDto } from './ticket.dto';
import { AttachmentResponseDto } from './attachment.dto';
import { toAttachmentResponse } from './attachment.mapper';

/** RFC 6266 / 5987: an ASCII fallback plus the exact UTF-8 name. */
const contentDisposition = (filename: string): string =>
  `attachment; filename="${filename.replace(/[^\x20-\x7E]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

/** How a file is sent, and which files are refused. */
const UPLOAD_RULES =
  'multipart/form-data with the file in field `file`; `messageId` (a field before the file, or a query ' +
  'parameter) attaches it to a message. Over ATTACHMENT_MAX_BYTES is 413; a type (sniffed from the bytes) ' +
  'outside ATTACHMENT_ALLOWED_TYPES is 415; a malformed multipart body (no boundary, a missing closing ' +
  'boundary) is 400 VALIDATION_ERROR. Nothing is kept of a refused upload.';

const TicketId = () => IdParam('Ticket');

@Resource('attachments', '', 'signed-in')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Route.create('tickets/:id/attachments', AttachmentResponseDto, {
    summary: 'Upload a file to a ticket',
    description: UPLOAD_RULES,
    invalid: 'no file, a malformed multipart body, or a messageId not of this ticket',
    errors: [
      [ErrorCode.PAYLOAD_TOO_LARGE, 'the file is over ATTACHMENT_MAX_BYTES'],
      [
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        'the type sniffed from the bytes is not in ATTACHMENT_ALLOWED_TYPES',
      ],
    ],
    forbidden: 'neither the requester nor staff working the ticket',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        messageId: { type: 'string', format: 'uuid' },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  async upload(
    @CurrentActor() user: Actor,
    @TicketId() id: string,
    @Req() request: FastifyRequest,
    @Query('messageId') queryMessageId?: string,
  ) {
    if (!request.isMultipart()) throw new UnsupportedMediaTypeError('Send the file as multipart/form-data');
    let messageId = typeof queryMessageId === 'string' ? queryMessageId : undefined;
    // one byte over the limit reaches storage, which then refuses the file (busboy would silently truncate it)
    const parts = request
      .parts({ limits: { fileSize: this.attachments.maxBytes + 1, files: 1 } })
      [Symbol.asyncIterator]();
    for (let next = await nextPart(parts); !next.done; next = await nextPart(parts)) {
      const part = next.value;
      if (part.type === 'field') {
        if (part.fieldname === 'messageId' && typeof part.value === 'string') messageId = part.value;
        continue;
      }
      if (part.fieldname !== 'file') {
        part.file.resume();
        continue;
      }
      const parserError = watchPart(part.file);
      try {
        const attachment = await this.attachments.upload(
          user,
          id,
          { filename: part.filename, stream: part.file },
          messageId,
        );
        return toAttachmentResponse(attachment);
      } catch (err) {
        const failed = parserError();
        throw failed === undefined ? err : asMalformedMultipart(failed, err);
      }
    }
    throw new ValidationFailedError('No file was sent', [{ field: 'file', message: 'is required' }]);
  }

  @Route.list('tickets/:id/attachments', AttachmentResponseDto, {
    summary: 'Attachments of a ticket (END_USERs do not see those on internal notes)',
  })
  async list(@CurrentActor() user: Actor, @TicketId() id: string, @Query() q: TimelinePageQueryDto) {
    return (await this.attachments.list(user, id, q)).map(toAttachmentResponse);
  }

  @Get('attachments/:id')
  @ApiDownload(
    'Download: the bytes, with Content-Disposition: attachment and the stored type',
    'application/octet-stream',
  )
  async download(
    @CurrentActor() user: Actor,
    @IdParam('Attachment') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { attachment, stream } = await this.attachments.open(user, id);
    return download(reply, {
      stream,
      sizeBytes: attachment.sizeBytes,
      contentType: attachment.contentType,
      disposition: contentDisposition(attachment.filename),
    });
  }
}
