import { ErrorCode } from '../../../common/errors/error-codes';
import { ApiErrors } from '../../../common/http/api-errors.decorator';
import '@fastify/multipart';
import type { Multipart } from '@fastify/multipart';
import { Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../../common/auth/public.decorator';
import { ValidationFailedError } from '../../../common/errors/domain-errors';
import { ApiEnvelope } from '../../../common/http/api-envelope.decorator';
import { asMalformedMultipart, nextPart, watchPart } from '../../../common/http/multipart';
import { AppValidationPipe } from '../../../common/http/validation';
import { NoApiRateLimit } from '../../../common/rate-limit/no-api-rate-limit.decorator';
import { IncomingFile } from '../../tickets/ticket-attachments.port';
import { GUEST_MAX_FILES, GuestSubmissionService } from '../guest-submission.service';
import { GuestTicketAcceptedDto, GuestTicketDto } from './guest-ticket.dto';
import { GuestTicketsGuard } from './guest-tickets.guard';

const invalid = (field: string, message: string) =>
  new ValidationFailedError('The request is not valid', [{ field, message }]);

@ApiTags('public')
@Controller('public/tickets')
export class PublicTicketsController {
  private readonly pipe = new AppValidationPipe();

  constructor(private readonly guests: GuestSubmissionService) {}

  @Post()
  @Public()
  @NoApiRateLimit()
  @UseGuards(GuestTicketsGuard)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Submit a ticket without an account',
    description:
      'JSON, or multipart/form-data with the same fields first and then up to 5 `file` parts (each under the ' +
      'same size and type rules as attachment uploads: 413, 415). Answers 202 with the PID whatever the email, ' +
      'so it reveals nothing about accounts: the ticket is filed for the END_USER account of that address (made ' +
      'when there is none) and the address gets a confirmation with the PID and, for a new account, a ' +
      'single-use link to set a password (valid 7 days). For the address of a staff member, an ADMIN or a ' +
      'deactivated account nothing is filed and nothing is mailed, yet the answer is the same 202 with a PID ' +
      'taken from the same sequence (no ticket carries it). Replies reach the guest by mail, and their mailed ' +
      'answers come back through inbound email. At most RATE_LIMIT_GUEST_PER_IP submissions per IP and ' +
      'RATE_LIMIT_GUEST_PER_EMAIL per email an hour (429 with Retry-After). 404 when ALLOW_GUEST_TICKETS=false.',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiExtraModels(GuestTicketDto)
  @ApiBody({
    schema: {
      allOf: [{ $ref: getSchemaPath(GuestTicketDto) }],
      properties: {
        file: {
          type: 'array',
          maxItems: GUEST_MAX_FILES,
          items: { type: 'string', format: 'binary' },
          description: 'multipart only: files, after the fields',
        },
      },
    },
  })
  @ApiEnvelope(GuestTicketAcceptedDto, 202)
  @ApiTooManyRequestsResponse({
    description: 'RATE_LIMITED: too many submissions from this IP or for this email',
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: guest submission is turned off' })
  @ApiErrors(
    [ErrorCode.PAYLOAD_TOO_LARGE, 'a file over ATTACHMENT_MAX_BYTES, or a JSON body over 1 MiB'],
    [
      ErrorCode.UNSUPPORTED_MEDIA_TYPE,
      'a file of a type ATTACHMENT_ALLOWED_TYPES does not list, or a body neither JSON nor multipart',
    ],
  )
  async submit(@Req() request: FastifyRequest): Promise<GuestTicketAcceptedDto> {
    if (!request.isMultipart()) {
      return this.guests.submit(await this.validated(request.body), (async function* () {})());
    }
    // one byte over the limit reaches storage, which then refuses the file (busboy would silently truncate it);
    // without a size of its own the parser would cap every file at the JSON body limit
    const limits = {
      fields: 10,
      fieldSize: 100_000,
      files: GUEST_MAX_FILES + 1,
      parts: 20,
      fileSize: this.guests.maxFileBytes + 1,
    };
    const parts = request.parts({ limits })[Symbol.asyncIterator]();
    const fields: Record<string, string> = {};
    let first: Multipart | undefined;
    for (let next = await nextPart(parts); !next.done; next = await nextPart(parts)) {
      const part = next.value;
      if (part.type === 'file') {
        first = part;
        break;
      }
      if (part.valueTruncated) throw invalid(part.fieldname, 'is too long');
      fields[part.fieldname] = String(part.value);
    }
    let input: GuestTicketDto;
    try {
      input = await this.validated(fields);
    } catch (err) {
      if (first?.type === 'file') first.file.resume();
      throw err;
    }
    const watched: Array<() => unknown> = [];
    try {
      return await this.guests.submit(input, filesFrom(first, parts, watched));
    } catch (err) {
      const failed = watched.map((parserError) => parserError()).find((e) => e !== undefined);
      throw failed === undefined ? err : asMalformedMultipart(failed, err);
    }
  }

  private async validated(body: unknown): Promise<GuestTicketDto> {
    return (await this.pipe.transform(body, {
      type: 'body',
      metatype: GuestTicketDto,
      data: '',
    })) as GuestTicketDto;
  }
}

/** The `file` parts that follow the fields; a field after a file, or a file under another name, is a 400. */
async function* filesFrom(
  first: Multipart | undefined,
  rest: AsyncIterator<Multipart>,
  watched: Array<() => unknown>,
): AsyncGenerator<IncomingFile> {
  let part = first;
  while (part) {
    if (part.type !== 'file') throw invalid(part.fieldname, 'send the fields before the files');
    if (part.fieldname !== 'file') {
      part.file.resume();
      throw invalid(part.fieldname, 'files go in parts named file');
    }
    watched.push(watchPart(part.file));
    yield { filename: part.filename, stream: part.file };
    const next = await nextPart(rest);
    part = next.done ? undefined : next.value;
  }
}
