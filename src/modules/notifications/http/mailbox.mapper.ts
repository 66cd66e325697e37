import { iso } from '../../../common/time/iso';
import { Mailbox, MailboxFailure } from '../domain/mailbox';
import { MailboxFailureResponseDto, MailboxResponseDto } from './mailbox.dto';

export const toMailboxResponse = (m: Mailbox): MailboxResponseDto => ({
  id: m.id,
  name: m.name,
  host: m.host,
  port: m.port,
  secure: m.secure,
  username: m.username,
  passwordSet: true,
  folder: m.folder,
  processedFolder: m.processedFolder,
  departmentId: m.departmentId,
  active: m.active,
  lastSyncAt: iso(m.lastSyncAt),
  lastError: m.lastError,
  lastErrorAt: iso(m.lastErrorAt),
  importedTotal: m.importedTotal,
  failedTotal: m.failedTotal,
  createdAt: m.createdAt.toISOString(),
  updatedAt: m.updatedAt.toISOString(),
});

export const toFailureResponse = (f: MailboxFailure): MailboxFailureResponseDto => ({
  id: f.id,
  mailboxId: f.mailboxId,
  uid: f.uid,
  messageId: f.messageId,
  subject: f.subject,
  error: f.error,
  rawSizeBytes: f.rawSizeBytes,
  status: f.status,
  attempts: f.attempts,
  ticketId: f.ticketId,
  createdAt: f.createdAt.toISOString(),
  updatedAt: f.updatedAt.toISOString(),
});
