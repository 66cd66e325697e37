import { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { safeError } from '../../infrastructure/logging/safe-error';
import { ConfigType } from '@nestjs/config';
import { Actor } from '../../common/auth/actor';
import { isUuid } from '../../common/ids';
import { scopeOf } from '../../common/auth/scope-policy';
import {
  ForbiddenError,
  NotFoundError,
  UnsupportedMediaTypeError,
  ValidationFailedError,
} from '../../common/errors/domain-errors';
import { EventType } from '../../common/events/domain-event';
import { Page, pageOf, PageRequest } from '../../common/pagination/page';
import { ContentTypeDetector, FileStorage } from '../../common/storage/file-storage';
import { offDatabaseTime } from '../../common/request-context';
import { UnitOfWork } from '../../common/unit-of-work';
import { storageConfig } from '../../config/configuration';
import { Attachment, Ticket, ticketSnapshot } from './domain/ticket';
import { HistoryType } from './domain/ticket-enums';
import { canContribute, canSeeInternal, internalNotesScope } from './domain/ticket-access';
import { AttachmentRepository } from './attachment-repository.port';
import { TicketMessageRepository } from './ticket-message-repository.port';
import { TicketRepository } from './ticket-repository.port';
import { IncomingFile, StagedFile, TicketAttachments } from './ticket-attachments.port';
import { TicketRecorder } from './ticket-recorder';

export type { IncomingFile, StagedFile } from './ticket-attachments.port';

/** Filenames as stored and offered for download: no paths, no control characters, at most 255 characters. */
export function cleanFilename(name: string | undefined): string {
  // a multipart file part may come without a filename at all
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters must not reach a Content-Disposition header
  const clean = base.replace(/[\u0000-\u001F\u007F"]/g, '').trim();
  // cut by characters (code points), as the column counts them, never inside a surrogate pair
  return Array.from(clean || 'attachment')
    .slice(0, 255)
    .join('');
}

/** Reads the first `bytes` of a stream and returns them with a stream that still yields everything. */
async function peek(source: Readable, bytes: number): Promise<{ head: Buffer; stream: Readable }> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(chunks);
  async function* rest(): AsyncGenerator<Buffer> {
    yield head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head: head.subarray(0, bytes), stream: Readable.from(rest()) };
}

@Injectable()
export class AttachmentsService extends TicketAttachments {
  private readonly logger = new Logger(AttachmentsService.name);

  constructor(
    private readonly recorder: TicketRecorder,
    private readonly tickets: TicketRepository,
    private readonly attachments: AttachmentRepository,
    private readonly messages: TicketMessageRepository,
    private readonly storage: FileStorage,
    private readonly detector: ContentTypeDetector,
    private readonly uow: UnitOfWork,
    @Inject(storageConfig.KEY) private readonly config: ConfigType<typeof storageConfig>,
  ) {
    super();
  }

  get maxBytes(): number {
    return this.config.maxBytes;
  }

  /** An upload by a user: the requester or staff working the ticket, optionally onto one of its messages. */
  async upload(user: Actor, ticketId: string, file: IncomingFile, messageId?: string): Promise<Attachment> {
    const viewer = user;
    const ticket = await this.visibleTicket(user, ticketId);
    if (!canContribute(viewer, ticket)) {
      throw new ForbiddenError('Only the requester and staff working the ticket may attach files');
    }
    let internal = false;
    if (messageId) {
      const message = isUuid(messageId)
        ? await this.messages.findInTicket(ticket.id, messageId, canSeeInternal(viewer, ticket))
        : null;
      if (!message) {
        throw new ValidationFailedError('messageId is not a message of this ticket', [
          { field: 'messageId', message: 'is not a message of this ticket' },
        ]);
      }
      internal = message.internal;
    }
    return this.store(ticket, user.id, file, messageId ?? null, internal);
  }

  /**
   * Validates (type sniffed from the bytes, size), stores and records an attachment. Used by uploads and by inbound
   * mail, so both go through the same checks.
   */
  async store(
    ticket: Ticket,
    uploaderId: string,
    file: IncomingFile,
    messageId: string | null,
    internal = false,
  ): Promise<Attachment> {
    const staged = await this.stage(file);
    try {
      return await this.uow.run(() => this.attachStaged(ticket, uploaderId, staged, messageId, internal));
    } catch (err) {
      await this.discard(staged);
      throw err;
    }
  }

  /**
   * The checks and the bytes of an upload, before any ticket records it: the type sniffed from the bytes (415), the
   * size limit (413, nothing kept). A staged file is then recorded with `attachStaged` or removed with `discard`.
   * Receiving and storing the bytes is no database time (a 10 MiB upload from a slow client takes far longer than a
   * request's database budget): the request still has its whole budget for recording the file afterwards. Callers
   * stage before their transaction opens, so no connection is held while the bytes come in.
   */
  stage(file: IncomingFile): Promise<StagedFile> {
    return offDatabaseTime(async () => {
      const filename = cleanFilename(file.filename);
      const { head, stream } = await peek(file.stream, this.detector.headBytes);
      const type = await this.detector.detect(head, filename);
      if (!type || !this.config.allowedTypes.includes(type)) {
        file.stream.resume(); // drain what the client still sends
        throw new UnsupportedMediaTypeError(
          type ? `Files of type ${type} are not accepted` : 'The file type could not be recognised',
        );
      }
      const stored = await this.storage.save(stream, this.config.maxBytes);
      return { filename, contentType: type, ...stored };
    });
  }

  /** Records a staged file on a ticket (row, history, event) in the caller's transaction. */
  async attachStaged(
    ticket: Ticket,
    uploaderId: string,
    staged: StagedFile,
    messageId: string | null,
    internal = false,
  ): Promise<Attachment> {
    const { filename, contentType, sizeBytes } = staged;
    const attachment = await this.attachments.add({
      ticketId: ticket.id,
      messageId,
      uploaderId,
      filename,
      contentType,
      sizeBytes,
      sha256: staged.sha256,
      storageKey: staged.key,
    });
    await this.recorder.record(
      {
        ticketId: ticket.id,
        type: HistoryType.ATTACHMENT_ADDED,
        actorId: uploaderId,
        details: { attachmentId: attachment.id, filename, contentType, sizeBytes },
        internal,
      },
      {
        type: EventType.TICKET_ATTACHMENT_ADDED,
        data: {
          ticket: ticketSnapshot(ticket),
          attachmentId: attachment.id,
          filename,
          contentType,
          sizeBytes,
          internal,
        },
      },
    );
    return attachment;
  }

  /** Removes the bytes of a staged file that no ticket will record. */
  async discard(staged: StagedFile): Promise<void> {
    await this.storage
      .remove(staged.key)
      .catch((e: unknown) => this.logger.warn({ err: safeError(e) }, 'orphan file left'));
  }

  async list(user: Actor, ticketId: string, page: PageRequest): Promise<Page<Attachment>> {
    const ticket = await this.visibleTicket(user, ticketId);
    return pageOf(
      await this.attachments.listForTicket(scopeOf(user), ticket.id, canSeeInternal(user, ticket)),
      page,
    );
  }

  /**
   * The attachment and its bytes, when the caller may read it: exactly when an attachments list they may read shows
   * it (its own ticket's, or that of a ticket it was merged into; on a note, only to those who work that ticket).
   * The repository decides that in one scoped read.
   */
  async open(user: Actor, attachmentId: string): Promise<{ attachment: Attachment; stream: Readable }> {
    const attachment = await this.attachments.findReadable(
      scopeOf(user),
      internalNotesScope(user),
      attachmentId,
    );
    if (!attachment) throw new NotFoundError('Attachment');
    return { attachment, stream: await this.storage.open(attachment.storageKey) };
  }

  private async visibleTicket(user: Actor, ticketId: string, what = 'Ticket'): Promise<Ticket> {
    const ticket = await this.tickets.findVisible(scopeOf(user), { id: ticketId });
    if (!ticket) throw new NotFoundError(what);
    return ticket;
  }
}
