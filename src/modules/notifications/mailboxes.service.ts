import { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { AuditTrail } from '../../common/audit/audit-trail';
import { Actor } from '../../common/auth/actor';
import { DomainError, NotFoundError, ValidationFailedError, found } from '../../common/errors/domain-errors';
import { Page, PageRequest } from '../../common/pagination/page';
import { offDatabaseTime } from '../../common/request-context';
import { SecretCipher } from '../../common/security/secret-cipher';
import { FileStorage } from '../../common/storage/file-storage';
import { UnitOfWork } from '../../common/unit-of-work';
import {
  describeImapError,
  MAILBOX_PASSWORD_PURPOSE,
  Mailbox,
  MailboxFailure,
  settingsOf,
} from './domain/mailbox';
import { InboundEmailService } from './inbound-email.service';
import { MailboxConnector } from './mailbox-connector.port';
import { MailboxInput, MailboxRepository } from './mailbox-repository.port';

export interface MailboxSettingsInput {
  name: string;
  host: string;
  port: number;
  secure: boolean;
  username: string;
  password: string;
  folder?: string;
  processedFolder?: string | null;
  departmentId: string;
  active?: boolean;
}

/**
 * Mailboxes (ADMIN): their settings with the password encrypted under SECRETS_KEY (never returned, never logged),
 * a login test that reports the server's answer in words, and the mails that could not be imported.
 */
@Injectable()
export class MailboxesService {
  private readonly logger = new Logger(MailboxesService.name);

  constructor(
    private readonly mailboxes: MailboxRepository,
    private readonly connector: MailboxConnector,
    private readonly cipher: SecretCipher,
    private readonly inbound: InboundEmailService,
    private readonly storage: FileStorage,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditTrail,
  ) {}

  async create(admin: Actor, input: MailboxSettingsInput): Promise<Mailbox> {
    await this.checkDepartment(input.departmentId);
    const mailbox = await this.uow.run(async (tx) => {
      const created = await this.mailboxes.create(
        {
          name: input.name,
          host: input.host,
          port: input.port,
          secure: input.secure,
          username: input.username,
          passwordEncrypted: this.cipher.encrypt(input.password, MAILBOX_PASSWORD_PURPOSE),
          folder: input.folder ?? 'INBOX',
          processedFolder: input.processedFolder ?? null,
          departmentId: input.departmentId,
          active: input.active ?? true,
        },
        admin.id,
      );
      await this.audit.record(tx, {
        action: 'mailbox.created',
        entityType: 'mailbox',
        entityId: created.id,
        before: null,
        after: settingsOf(created),
        actorId: admin.id,
      });
      return created;
    });
    this.logger.log({ mailboxId: mailbox.id, actorId: admin.id }, 'mailbox created');
    return mailbox;
  }

  list(page: PageRequest): Promise<Page<Mailbox>> {
    return this.mailboxes.list(page);
  }

  async get(id: string): Promise<Mailbox> {
    return found(await this.mailboxes.find(id), 'Mailbox');
  }

  async update(admin: Actor, id: string, input: Partial<MailboxSettingsInput>): Promise<Mailbox> {
    const before = await this.get(id);
    if (input.departmentId) await this.checkDepartment(input.departmentId);
    const { password, ...rest } = input;
    const changes: Partial<MailboxInput> = {
      ...rest,
      ...(password !== undefined
        ? { passwordEncrypted: this.cipher.encrypt(password, MAILBOX_PASSWORD_PURPOSE) }
        : {}),
    };
    return this.uow.run(async (tx) => {
      const updated = found(await this.mailboxes.update(id, changes), 'Mailbox');
      await this.audit.record(tx, {
        action: 'mailbox.updated',
        entityType: 'mailbox',
        entityId: id,
        before: settingsOf(before),
        after: { ...settingsOf(updated), ...(password !== undefined ? { passwordChanged: true } : {}) },
        actorId: admin.id,
      });
      return updated;
    });
  }

  async remove(admin: Actor, id: string): Promise<void> {
    const before = await this.get(id);
    const rawKeys = await this.mailboxes.failureRawKeys(id);
    await this.uow.run(async (tx) => {
      if (!(await this.mailboxes.remove(id))) throw new NotFoundError('Mailbox');
      await this.audit.deleted(tx, 'mailbox', settingsOf(before), admin.id);
    });
    await Promise.all(rawKeys.map((key) => this.storage.remove(key).catch(() => undefined)));
  }

  /** Logs in and opens the folder now; the server's refusal comes back in words. */
  async test(id: string): Promise<{ ok: boolean; error?: string }> {
    const mailbox = found(await this.mailboxes.findForSync(id), 'Mailbox');
    const password = this.cipher.decrypt(mailbox.passwordEncrypted, MAILBOX_PASSWORD_PURPOSE);
    try {
      await this.connector.check({
        host: mailbox.host,
        port: mailbox.port,
        secure: mailbox.secure,
        username: mailbox.username,
        password,
        folder: mailbox.folder,
        processedFolder: mailbox.processedFolder,
      });
      return { ok: true };
    } catch (err) {
      return { ok: false, error: describeImapError(err, password) };
    }
  }

  async failures(id: string, page: PageRequest): Promise<Page<MailboxFailure>> {
    await this.get(id);
    return this.mailboxes.listFailures(id, page);
  }

  async failureRaw(id: string, failureId: string): Promise<{ stream: Readable; sizeBytes: number }> {
    const failure = await this.mailboxes.findFailure(id, failureId);
    if (!failure?.rawKey) throw new NotFoundError('Mail');
    return { stream: await this.storage.open(failure.rawKey), sizeBytes: failure.rawSizeBytes ?? 0 };
  }

  /** Feeds a failed mail through the inbound pipeline again (after a fix, or a department or sender change). */
  async retry(id: string, failureId: string): Promise<MailboxFailure> {
    const mailbox = await this.get(id);
    const failure = found(await this.mailboxes.findFailure(id, failureId), 'Mail');
    if (!failure.rawKey)
      throw new ValidationFailedError('This mail was not kept (it is over the size limit): nothing to retry');
    if (failure.status === 'IMPORTED') return failure;
    try {
      const rawKey = failure.rawKey;
      const raw = await offDatabaseTime(() => this.storage.open(rawKey));
      const result = await this.inbound.receive(raw, {
        departmentId: mailbox.departmentId,
      });
      if (result.status === 'ignored')
        return this.mailboxes.updateFailure(failure.id, {
          status: 'FAILED',
          error: `Not imported: ${result.reason ?? 'ignored'}`,
        });
      return this.mailboxes.updateFailure(failure.id, {
        status: 'IMPORTED',
        ticketId: result.ticketId ?? null,
      });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return this.mailboxes.updateFailure(failure.id, { status: 'FAILED', error: err.message });
    }
  }

  private async checkDepartment(departmentId: string): Promise<void> {
    if (!(await this.mailboxes.departmentIsActive(departmentId)))
      throw new ValidationFailedError('departmentId names no active department', [
        { field: 'departmentId', message: 'no such active department' },
      ]);
  }
}
