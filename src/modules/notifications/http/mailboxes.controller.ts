import { Resource, Route } from '../../../common/http/route.decorator';
import { ErrorCode } from '../../../common/errors/error-codes';
import { Get, Query, Res, StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ADMINS } from '../../../common/auth/role';
import { SharedCollection } from '../../../common/http/crud-routes';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { emlDownload } from '../../../common/http/download';
import { ApiDownload } from '../../../common/http/api-download.decorator';
import { IdParam } from '../../../common/http/id-param.pipe';
import { MailboxesService } from '../mailboxes.service';
import {
  CreateMailboxDto,
  MailboxFailureResponseDto,
  MailboxResponseDto,
  MailboxTestResponseDto,
  UpdateMailboxDto,
} from './mailbox.dto';
import { toFailureResponse, toMailboxResponse } from './mailbox.mapper';

const MailboxId = () => IdParam('Mailbox');
const FailureId = () => IdParam('Mail', 'failureId');

const NAME_TAKEN = 'another mailbox has this name';

@Resource('mailboxes', 'admin/mailboxes', ADMINS)
export class MailboxesController extends SharedCollection('Mailbox', MailboxResponseDto, toMailboxResponse, {
  create: {
    body: CreateMailboxDto,
    summary: 'Add an IMAP mailbox whose mail the worker imports into a department',
    description:
      'The worker keeps one connection per active mailbox (IDLE where the server offers it, else a look every ' +
      'MAILBOX_POLL_SECONDS) and feeds each new mail through the same path as POST /inbound/email, into the ' +
      "mailbox's department. Imported mail is flagged \\\\Seen and moved to processedFolder when set. The password " +
      'is stored encrypted and never returned. A name in use is 409.',
    errors: [[ErrorCode.CONFLICT, NAME_TAKEN]],
  },
  list: { summary: 'Mailboxes with their sync state: lastSyncAt, lastError, importedTotal, failedTotal' },
  get: { summary: 'One mailbox' },
  update: {
    body: UpdateMailboxDto,
    summary: 'Change a mailbox (a worker serving it reconnects with the new settings)',
    errors: [[ErrorCode.CONFLICT, NAME_TAKEN]],
  },
  remove: { summary: 'Remove a mailbox (its mail already imported stays with the tickets)' },
}) {
  constructor(private readonly mailboxes: MailboxesService) {
    super(mailboxes);
  }

  @Route.post(':id/test', MailboxTestResponseDto, {
    summary: 'Try the login and the folder now',
    description:
      "`{ok: true}`, or `{ok: false, error}` with the server's answer in words (a wrong password, …).",
  })
  test(@MailboxId() id: string): Promise<MailboxTestResponseDto> {
    return this.mailboxes.test(id);
  }

  @Route.list(':id/failures', MailboxFailureResponseDto, {
    summary: 'Mails of this mailbox that could not be imported (kept raw), newest first',
  })
  async failures(@MailboxId() id: string, @Query() q: PageQueryDto) {
    return (await this.mailboxes.failures(id, q)).map(toFailureResponse);
  }

  @Get(':id/failures/:failureId/raw')
  @ApiDownload('A failed mail as it was fetched (message/rfc822, as a download)', 'message/rfc822')
  async raw(
    @MailboxId() id: string,
    @FailureId() failure: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    return emlDownload(reply, await this.mailboxes.failureRaw(id, failure), failure);
  }

  @Route.post(':id/failures/:failureId/retry', MailboxFailureResponseDto, {
    summary: 'Import a failed mail again',
    description:
      'status IMPORTED (with ticketId) when it went through now; FAILED with the new error otherwise.',
    errors: [
      [ErrorCode.VALIDATION_ERROR, 'the mail was not kept (it was over the size limit): nothing to retry'],
    ],
  })
  async retry(@MailboxId() id: string, @FailureId() failure: string) {
    return toFailureResponse(await this.mailboxes.retry(id, failure));
  }
}
