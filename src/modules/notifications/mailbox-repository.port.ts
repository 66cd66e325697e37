import { Page, PageRequest } from '../../common/pagination/page';
import { Mailbox, MailboxFailure, MailboxForSync } from './domain/mailbox';

export interface MailboxInput {
  name: string;
  host: string;
  port: number;
  secure: boolean;
  username: string;
  passwordEncrypted: string;
  folder: string;
  processedFolder: string | null;
  departmentId: string;
  active: boolean;
}

export interface NewMailboxFailure {
  mailboxId: string;
  uidValidity: number;
  uid: number;
  messageId: string | null;
  subject: string | null;
  error: string;
  raw: { key: string; sizeBytes: number } | null;
}

/** Mailboxes, their sync state and the mails of theirs that failed. */
export abstract class MailboxRepository {
  abstract create(input: MailboxInput, createdBy: string): Promise<Mailbox>;
  /** null when missing; a changed login, server or folder resets the sync error */
  abstract update(id: string, changes: Partial<MailboxInput>): Promise<Mailbox | null>;
  abstract remove(id: string): Promise<boolean>;
  abstract find(id: string): Promise<Mailbox | null>;
  abstract findForSync(id: string): Promise<MailboxForSync | null>;
  abstract list(page: PageRequest): Promise<Page<Mailbox>>;
  abstract activeIds(): Promise<Array<{ id: string; version: number }>>;
  /** a new UIDVALIDITY: the watermark starts over (Message-IDs still keep mails from importing twice) */
  abstract resetWatermark(id: string, uidValidity: number): Promise<void>;
  /** moves the watermark forward (never back) and counts the mail */
  abstract advance(id: string, uid: number, counted: 'imported' | 'failed' | 'skipped'): Promise<void>;
  abstract recordSync(id: string): Promise<void>;
  abstract recordError(id: string, error: string): Promise<void>;
  abstract addFailure(failure: NewMailboxFailure): Promise<void>;
  abstract listFailures(mailboxId: string, page: PageRequest): Promise<Page<MailboxFailure>>;
  abstract findFailure(
    mailboxId: string,
    failureId: string,
  ): Promise<(MailboxFailure & { rawKey: string | null }) | null>;
  abstract updateFailure(
    failureId: string,
    outcome: { status: 'FAILED'; error: string } | { status: 'IMPORTED'; ticketId: string | null },
  ): Promise<MailboxFailure>;
  abstract failureRawKeys(mailboxId: string): Promise<string[]>;
  abstract departmentIsActive(departmentId: string): Promise<boolean>;
}
