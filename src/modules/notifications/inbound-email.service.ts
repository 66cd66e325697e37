import { createHash, timingSafeEqual } from 'node:crypto';
import { safeError } from '../../infrastructure/logging/safe-error';
import { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Actor } from '../../common/auth/actor';
import {
  ForbiddenError,
  NotFoundError,
  ServiceUnavailableError,
  UnauthenticatedError,
  ValidationFailedError,
} from '../../common/errors/domain-errors';
import { offDatabaseTime } from '../../common/request-context';
import { FileStorage } from '../../common/storage/file-storage';
import { UnitOfWork } from '../../common/unit-of-work';
import { mailConfig } from '../../config/configuration';
import { MetricsService } from '../../infrastructure/metrics/metrics.service';
import { TicketAttachments } from '../tickets/ticket-attachments.port';
import { Ticket } from '../tickets/domain/ticket';
import { TicketStatus } from '../tickets/domain/ticket-enums';
import { TicketOrigin } from '../tickets/ticket-commands.port';
import { TicketCommands } from '../tickets/ticket-commands.port';
import { TicketQueries } from '../tickets/ticket-queries.port';
import { isAutoReply, messageBodyFrom, pidFromSubject, ticketTitleFrom } from './domain/inbound-mail';
import { routeInboundMail } from './domain/inbound-routes';
import { ticketIdFromReferences } from './domain/mail-thread';
import { InboundEmailLog, InboundOutcome } from './inbound-email-log.port';
import { InboundMail, InboundMailParser } from './inbound-mail-parser.port';
import { InboundSenders } from './inbound-senders.service';
import { MAX_MAIL_ATTACHMENTS, storeMailAttachments } from './inbound-mail-attachments';

export type InboundStatus = InboundOutcome | 'duplicate' | 'ignored';

export interface InboundResult {
  status: InboundStatus;
  /** why an `ignored` mail was not acted on */
  reason?: string;
  ticketId?: string;
  pid?: string;
  /** for `follow_up_created`: the closed ticket the mail answered */
  followUpOf?: { id: string; pid: string };
  /** the ticket message the mail became (null when it opened a ticket: its text is the description) */
  messageId?: string | null;
  attachments: Array<{ id: string; filename: string }>;
  skippedAttachments: Array<{ filename: string; reason: string }>;
}

/** a whole mail with its attachments; each attachment still obeys ATTACHMENT_MAX_BYTES */
export const INBOUND_MAIL_MAX_BYTES = 25 * 1024 * 1024;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
const none = { attachments: [], skippedAttachments: [] };
/** a reply to a ticket in one of these opens a follow-up instead of landing where nobody looks */
const FINISHED: readonly TicketStatus[] = [TicketStatus.CLOSED, TicketStatus.CANCELLED];

/** Where a mail goes when the channel decides it (a mailbox's department) rather than INBOUND_ROUTES. */
export interface InboundDelivery {
  departmentId?: string | null;
}

type Threaded =
  { kind: 'reply'; ticket: Ticket; messageId: string } | { kind: 'finished'; ticket: Ticket } | null;

/**
 * Mail that arrives through the mail gateway's webhook. A PID in the subject (or a reference to one of our mails)
 * from the ticket's requester adds a public message to that ticket; otherwise the (known, active) sender opens a
 * ticket. Unknown senders get an END_USER account only with INBOUND_AUTO_REGISTER=true. The same Message-ID is acted
 * on once. Sender authenticity (SPF/DKIM) is the gateway's job: this endpoint trusts whoever holds the secret.
 */
@Injectable()
export class InboundEmailService {
  private readonly logger = new Logger(InboundEmailService.name);
  private readonly received;

  constructor(
    private readonly senders: InboundSenders,
    private readonly ticketCommands: TicketCommands,
    private readonly ticketQueries: TicketQueries,
    private readonly attachments: TicketAttachments,
    private readonly log: InboundEmailLog,
    private readonly storage: FileStorage,
    private readonly parser: InboundMailParser,
    private readonly uow: UnitOfWork,
    @Inject(mailConfig.KEY) private readonly config: ConfigType<typeof mailConfig>,
    metrics: MetricsService,
  ) {
    this.received = metrics.counter('inbound_emails_total', 'Inbound emails by outcome', ['status']);
  }

  /** 503 while no secret is configured; 401 for a missing or wrong one (compared in constant time). */
  authenticate(given: string | undefined): void {
    const expected = this.config.inboundSecret;
    if (!expected) throw new ServiceUnavailableError('Inbound email is not configured');
    if (typeof given !== 'string' || !timingSafeEqual(digest(given), digest(expected))) {
      throw new UnauthenticatedError('A valid X-Inbound-Secret header is required');
    }
  }

  /**
   * Handles one raw RFC 822 message as it streams in (authenticate the sender first: this reads the body). A message
   * over INBOUND_MAIL_MAX_BYTES is 413, one that cannot be read as a mail 400.
   */
  async receive(raw: Readable | Buffer, delivery: InboundDelivery = {}): Promise<InboundResult> {
    const source = Buffer.isBuffer(raw) ? Readable.from([raw]) : raw;
    // reading the mail (from the gateway or from storage) and keeping its raw copy is no database time
    const mail = await offDatabaseTime(() =>
      this.parser.read(source, {
        maxBytes: INBOUND_MAIL_MAX_BYTES,
        maxAttachmentBytes: this.attachments.maxBytes,
        maxAttachments: MAX_MAIL_ATTACHMENTS,
        keepRawIn: this.storage,
      }),
    );
    let result: InboundResult;
    const progress = { recorded: false };
    try {
      result = await this.handle(mail, delivery, progress);
    } catch (err) {
      // once the mail's record (which points at the raw copy) committed, the raw copy belongs to the ticket
      if (!progress.recorded) await this.discardRaw(mail);
      throw err;
    }
    // the raw bytes stay only with a mail that became part of a ticket
    if (result.status === 'duplicate' || result.status === 'ignored') await this.discardRaw(mail);
    this.received.inc({ status: result.status });
    this.logger.log(
      {
        status: result.status,
        reason: result.reason,
        ticketId: result.ticketId,
        messageId: result.messageId,
      },
      'inbound email handled',
    );
    return result;
  }

  private async discardRaw(mail: InboundMail): Promise<void> {
    if (!mail.raw) return;
    await this.storage.remove(mail.raw.key).catch((err: unknown) => {
      this.logger.warn({ err: safeError(err) }, 'could not remove the raw copy of an inbound mail');
    });
  }

  /** `progress.recorded` is set once the mail's record, and the ticket or reply it made, committed. */
  private async handle(
    mail: InboundMail,
    delivery: InboundDelivery,
    progress: { recorded: boolean },
  ): Promise<InboundResult> {
    const from = mail.from;
    const sender = from?.address?.trim().toLowerCase() ?? '';
    if (!EMAIL.test(sender) || sender.length > 254)
      return { status: 'ignored', reason: 'no_sender', ...none };
    if (isAutoReply(mail.headers)) return { status: 'ignored', reason: 'auto_reply', ...none };
    const messageId = mail.messageId;
    const seen = await this.log.find(messageId);
    if (seen) return this.duplicate(seen.ticketId, seen.ticketMessageId);

    const account = await this.senders.accountOf(sender, from?.name);
    if ('reason' in account) return { status: 'ignored', reason: account.reason, ...none };
    const user = account.user;

    const route =
      delivery.departmentId !== undefined
        ? { departmentId: delivery.departmentId, recipient: mail.recipients[0] ?? null }
        : routeInboundMail(
            mail.recipients,
            this.config.inboundRoutes,
            this.config.inboundDefaultDepartmentId,
          );
    const body = messageBodyFrom(mail.text);
    const outcome = await this.uow.run(async () => {
      if (!(await this.log.claim(messageId, sender))) return null; // the same mail, handled concurrently
      const threaded = await this.threadOf(user, mail, body, messageId);
      let result: { status: InboundOutcome; ticket: Ticket; messageId: string | null; followUpOf?: Ticket };
      if (threaded?.kind === 'reply') {
        result = { status: 'reply_added', ticket: threaded.ticket, messageId: threaded.messageId };
      } else if (threaded?.kind === 'finished') {
        // same requester and department as the finished ticket, linked to it
        const old = threaded.ticket;
        const ticket = await this.open(
          user,
          { title: ticketTitleFrom(mail.subject ?? old.title), description: body },
          [old.departmentId, route.departmentId],
          { channel: 'email', followUpOf: old },
        );
        result = { status: 'follow_up_created', ticket, messageId: null, followUpOf: old };
      } else {
        const ticket = await this.open(
          user,
          { title: ticketTitleFrom(mail.subject), description: body },
          [route.departmentId],
          { channel: 'email' },
        );
        result = { status: 'ticket_created', ticket, messageId: null };
      }
      await this.log.complete(messageId, {
        outcome: result.status,
        ticketId: result.ticket.id,
        ticketMessageId: result.messageId,
        subject: mail.subject ?? null,
        recipient: route.recipient,
        departmentId: result.ticket.departmentId,
        raw: mail.raw,
      });
      return result;
    });
    if (!outcome) {
      const record = await this.log.find(messageId);
      return this.duplicate(record?.ticketId ?? null, record?.ticketMessageId ?? null);
    }
    progress.recorded = true;
    const files = await storeMailAttachments(
      this.attachments,
      this.logger,
      outcome.ticket,
      user.id,
      mail,
      outcome.messageId,
    );
    return {
      status: outcome.status,
      ticketId: outcome.ticket.id,
      pid: outcome.ticket.pid,
      ...(outcome.followUpOf
        ? { followUpOf: { id: outcome.followUpOf.id, pid: outcome.followUpOf.pid } }
        : {}),
      messageId: outcome.messageId,
      ...files,
    };
  }

  /**
   * Opens a ticket in the first of `departments` that is still active (a route may name a department deactivated
   * since), else without a department.
   */
  private async open(
    user: Actor,
    text: { title: string; description: string },
    departments: ReadonlyArray<string | null>,
    origin: TicketOrigin,
  ): Promise<Ticket> {
    const candidates = [...new Set(departments.filter((d): d is string => d !== null))];
    for (const departmentId of candidates) {
      try {
        return await this.ticketCommands.create(user, { ...text, departmentId }, undefined, origin);
      } catch (err) {
        // nothing was written yet: the department check comes before the insert
        if (!(err instanceof ValidationFailedError) || !err.details?.some((d) => d.field === 'departmentId'))
          throw err;
        this.logger.warn({ departmentId }, 'inbound mail routed to an inactive department: trying the next');
      }
    }
    return this.ticketCommands.create(user, text, undefined, origin);
  }

  private duplicate(ticketId: string | null, messageId: string | null): InboundResult {
    return { status: 'duplicate', ticketId: ticketId ?? undefined, messageId, ...none };
  }

  /**
   * The ticket the mail answers (by the PID in its subject, else by its In-Reply-To/References) when the sender is its
   * requester: a public reply is added, except that a reply to a CLOSED or CANCELLED ticket is handed back to open a
   * follow-up. Null when the mail names no ticket of the sender's: staff and ADMINs answer in the app, so a mail
   * from them (whose From a mailbox cannot vouch for) opens a ticket of its own and adds nothing to the one named.
   */
  private async threadOf(user: Actor, mail: InboundMail, body: string, messageId: string): Promise<Threaded> {
    const pid = pidFromSubject(mail.subject);
    const references = [mail.inReplyTo ?? '', ...mail.references];
    const ref = pid ?? ticketIdFromReferences(references);
    if (!ref) return null;
    try {
      const ticket = await this.ticketQueries.get(user, ref);
      if (ticket.requesterId !== user.id) return null;
      if (FINISHED.includes(ticket.status)) return { kind: 'finished', ticket };
      const added = await this.ticketCommands.addMessage(user, ticket.id, body, false, {
        source: 'email',
        externalMessageId: messageId,
      });
      return { kind: 'reply', ticket, messageId: added.id };
    } catch (err) {
      // not theirs to answer (or no such ticket): the mail opens a ticket of its own instead
      if (err instanceof NotFoundError || err instanceof ForbiddenError) return null;
      throw err;
    }
  }

  /**
   * Each attachment through the upload checks; a refused one is reported, not fatal. Inline images are skipped. The
   * mail is already recorded when this runs (the same mail again is a duplicate), so a failure of storage or the
   * database is not thrown either: the attachment is reported as not stored and logged, the others are still tried,
   * and the raw copy of the mail, kept with the ticket, still holds it.
   */
}
