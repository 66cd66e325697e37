import { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-errors';
import { SecretCipher } from '../../common/security/secret-cipher';
import { FileStorage } from '../../common/storage/file-storage';
import { MetricsService } from '../../infrastructure/metrics/metrics.service';
import { ImapSettings, MAILBOX_PASSWORD_PURPOSE, MailboxForSync } from './domain/mailbox';
import { INBOUND_MAIL_MAX_BYTES, InboundEmailService, InboundStatus } from './inbound-email.service';
import { FetchedMail, MailboxConnection } from './mailbox-connector.port';
import { MailboxRepository } from './mailbox-repository.port';

/** An oversized mail is still kept for ADMINs, up to this size (beyond, only its UID and size are noted). */
const KEEP_OVERSIZED_BYTES = 100 * 1024 * 1024;
/** A mail that keeps failing for reasons other than its content is set aside after this many tries. */
const MAX_TRANSIENT_TRIES = 3;
const IMPORTED: readonly InboundStatus[] = ['ticket_created', 'reply_added', 'follow_up_created'];

const headerOf = (raw: Buffer, name: string): string | null => {
  const head = raw
    .subarray(0, 64 * 1024)
    .toString('latin1')
    .split(/\r?\n\r?\n/)[0];
  const match = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
  return match ? match[1].replace(/\r?\n[ \t]+/g, ' ').trim() : null;
};

/**
 * Imports a mailbox's new mail through the inbound email pipeline, in UID order, above the mailbox's UID watermark.
 * The watermark moves past each mail once it is imported (or set aside as failed), so a restart or a second worker
 * never imports a mail twice; the Message-ID log catches a mail seen again after a UIDVALIDITY change.
 */
@Injectable()
export class MailboxSyncService {
  private readonly logger = new Logger('MailboxSync');
  private readonly messages;
  private readonly tries = new Map<string, number>();

  constructor(
    private readonly mailboxes: MailboxRepository,
    private readonly inbound: InboundEmailService,
    private readonly cipher: SecretCipher,
    private readonly storage: FileStorage,
    metrics: MetricsService,
  ) {
    this.messages = metrics.counter('mailbox_messages_total', 'Mails read from IMAP mailboxes, by outcome', [
      'mailbox',
      'outcome',
    ]);
  }

  settingsOf(mailbox: MailboxForSync): ImapSettings {
    return {
      host: mailbox.host,
      port: mailbox.port,
      secure: mailbox.secure,
      username: mailbox.username,
      password: this.cipher.decrypt(mailbox.passwordEncrypted, MAILBOX_PASSWORD_PURPOSE),
      folder: mailbox.folder,
      processedFolder: mailbox.processedFolder,
    };
  }

  /** One pass over what is new; stops early when `serving()` turns false (the lease was lost or the worker stops). */
  async importNew(
    mailbox: MailboxForSync,
    connection: MailboxConnection,
    serving: () => boolean,
  ): Promise<void> {
    let after = mailbox.lastUid;
    if (mailbox.uidValidity !== connection.uidValidity) {
      if (mailbox.uidValidity !== null)
        this.logger.warn(
          { mailboxId: mailbox.id },
          'UIDVALIDITY changed: reading the folder again from the start',
        );
      await this.mailboxes.resetWatermark(mailbox.id, connection.uidValidity);
      after = 0;
    }
    for await (const mail of connection.fetchAfter(after, INBOUND_MAIL_MAX_BYTES)) {
      if (!serving()) return;
      const outcome = await this.importOne(mailbox, connection, mail);
      if (outcome === 'retry') return; // the watermark stays: the next pass tries again
      await this.mailboxes.advance(mailbox.id, mail.uid, outcome === 'duplicate' ? 'skipped' : outcome);
      this.messages.inc({ mailbox: mailbox.id, outcome });
      if (outcome === 'imported' || outcome === 'duplicate') {
        try {
          await connection.markImported(mail.uid, mailbox.processedFolder);
        } catch (err) {
          this.logger.warn(
            { mailboxId: mailbox.id, uid: mail.uid, err: (err as Error).message },
            'could not flag or move an imported mail',
          );
        }
      }
    }
    await this.mailboxes.recordSync(mailbox.id);
  }

  private async importOne(
    mailbox: MailboxForSync,
    connection: MailboxConnection,
    mail: FetchedMail,
  ): Promise<'imported' | 'duplicate' | 'skipped' | 'failed' | 'retry'> {
    const uidValidity = connection.uidValidity;
    const key = `${mailbox.id}:${uidValidity}:${mail.uid}`;
    if (!mail.source) {
      // streamed to storage, never held whole in memory
      const raw =
        mail.size <= KEEP_OVERSIZED_BYTES
          ? await this.storage.save(await connection.download(mail.uid), KEEP_OVERSIZED_BYTES)
          : null;
      await this.mailboxes.addFailure({
        mailboxId: mailbox.id,
        uidValidity,
        uid: mail.uid,
        messageId: null,
        subject: null,
        error: `The mail is larger than ${INBOUND_MAIL_MAX_BYTES} bytes (${mail.size})`,
        raw: raw ? { key: raw.key, sizeBytes: raw.sizeBytes } : null,
      });
      return 'failed';
    }
    try {
      const result = await this.inbound.receive(mail.source, { departmentId: mailbox.departmentId });
      this.tries.delete(key);
      if (IMPORTED.includes(result.status)) return 'imported';
      return result.status === 'duplicate' ? 'duplicate' : 'skipped';
    } catch (err) {
      const tries = (this.tries.get(key) ?? 0) + 1;
      // the mail's own fault (unreadable, too large): kept for ADMINs and skipped, never blocking the rest
      if (err instanceof DomainError || tries >= MAX_TRANSIENT_TRIES) {
        this.tries.delete(key);
        await this.setAside(
          mailbox.id,
          uidValidity,
          mail,
          mail.source,
          (err as Error).message || 'Import failed',
        );
        return 'failed';
      }
      this.tries.set(key, tries);
      throw err; // the database or storage: reconnect later and try the same mail again
    }
  }

  private async setAside(
    mailboxId: string,
    uidValidity: number,
    mail: FetchedMail,
    source: Buffer | null,
    error: string,
  ): Promise<void> {
    const raw = source ? await this.storage.save(Readable.from([source]), INBOUND_MAIL_MAX_BYTES) : null;
    await this.mailboxes.addFailure({
      mailboxId,
      uidValidity,
      uid: mail.uid,
      messageId: source ? headerOf(source, 'message-id') : null,
      subject: source ? headerOf(source, 'subject') : null,
      error,
      raw: raw ? { key: raw.key, sizeBytes: raw.sizeBytes } : null,
    });
    this.logger.warn({ mailboxId, uid: mail.uid, error }, 'mailbox mail set aside');
  }
}
