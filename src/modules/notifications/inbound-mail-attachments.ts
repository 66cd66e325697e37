import { Readable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-errors';
import { safeError } from '../../infrastructure/logging/safe-error';
import { Ticket } from '../tickets/domain/ticket';
import { TicketAttachments } from '../tickets/ticket-attachments.port';
import { InboundMail } from './inbound-mail-parser.port';

/** At most this many attachments of one mail are kept (the parser drops the rest and names them). */
export const MAX_MAIL_ATTACHMENTS = 20;

export interface StoredMailAttachments {
  attachments: Array<{ id: string; filename: string }>;
  skippedAttachments: Array<{ filename: string; reason: string }>;
}

/**
 * Stores a recorded mail's attachments on its ticket, one by one, after the transaction that recorded the mail: one
 * refused (type, size) or failing to store is listed as skipped and the others are still kept; the raw mail kept
 * with the ticket holds every one of them.
 */
export async function storeMailAttachments(
  attachments: TicketAttachments,
  logger: Logger,
  ticket: Ticket,
  uploaderId: string,
  mail: InboundMail,
  messageId: string | null,
): Promise<StoredMailAttachments> {
  const stored: StoredMailAttachments['attachments'] = [];
  const skipped: StoredMailAttachments['skippedAttachments'] = mail.droppedAttachments.map((filename) => ({
    filename,
    reason: `Only ${MAX_MAIL_ATTACHMENTS} attachments of a mail are kept`,
  }));
  for (const part of mail.attachments) {
    if (part.related) continue;
    const filename = part.filename || 'attachment';
    try {
      const attachment = await attachments.store(
        ticket,
        uploaderId,
        { filename, stream: Readable.from([part.content]) },
        messageId,
      );
      stored.push({ id: attachment.id, filename: attachment.filename });
    } catch (err) {
      if (err instanceof DomainError) {
        skipped.push({ filename, reason: err.message });
        continue;
      }
      logger.error(
        { err: safeError(err), ticketId: ticket.id },
        'could not store an attachment of an inbound mail',
      );
      skipped.push({
        filename,
        reason: 'The attachment could not be stored; the raw mail kept with the ticket holds it',
      });
    }
  }
  return { attachments: stored, skippedAttachments: skipped };
}
