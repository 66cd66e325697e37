import { isUuid } from '../../../common/ids';
import { Page, PageRequest } from '../../../common/pagination/page';
import { Mailbox, MailboxFailure, MailboxForSync } from '../domain/mailbox';
import { MailboxInput, MailboxRepository, NewMailboxFailure } from '../mailbox-repository.port';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { Implements } from '../../../common/di/implements';
import { RowOf } from '../../../infrastructure/database/sql-table';

/** A `mailboxes` row: the mailbox, its encrypted password and its watermark (bigints as text). */
type MailboxRow = RowOf<Mailbox> & {
  password_encrypted: string;
  uid_validity: string | null;
  last_uid: string;
};

/** A `mailbox_failures` row (its uid a bigint, as text). */
type FailureRow = RowOf<Omit<MailboxFailure, 'uid'>> & { uid: string; raw_storage_key: string | null };

const toMailbox = (r: MailboxRow): Mailbox => ({
  id: r.id,
  name: r.name,
  host: r.host,
  port: r.port,
  secure: r.secure,
  username: r.username,
  folder: r.folder,
  processedFolder: r.processed_folder,
  departmentId: r.department_id,
  active: r.active,
  lastSyncAt: r.last_sync_at,
  lastError: r.last_error,
  lastErrorAt: r.last_error_at,
  importedTotal: r.imported_total,
  failedTotal: r.failed_total,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toFailure = (r: FailureRow): MailboxFailure => ({
  id: r.id,
  mailboxId: r.mailbox_id,
  uid: Number(r.uid),
  messageId: r.message_id,
  subject: r.subject,
  error: r.error,
  rawSizeBytes: r.raw_size_bytes,
  status: r.status,
  attempts: r.attempts,
  ticketId: r.ticket_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const COLUMNS: Record<keyof MailboxInput, string> = {
  name: 'name',
  host: 'host',
  port: 'port',
  secure: 'secure',
  username: 'username',
  passwordEncrypted: 'password_encrypted',
  folder: 'folder',
  processedFolder: 'processed_folder',
  departmentId: 'department_id',
  active: 'active',
};

const TAKEN = 'A mailbox with this name exists';

@Implements(MailboxRepository)
export class SqlMailboxRepository extends SqlRepository implements MailboxRepository {
  async create(m: MailboxInput, createdBy: string): Promise<Mailbox> {
    const [row] = await this.write<MailboxRow>(
      `INSERT INTO mailboxes (name, host, port, secure, username, password_encrypted, folder, processed_folder,
           department_id, active, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
      [
        m.name,
        m.host,
        m.port,
        m.secure,
        m.username,
        m.passwordEncrypted,
        m.folder,
        m.processedFolder,
        m.departmentId,
        m.active,
        createdBy,
      ],
      TAKEN,
    );
    return toMailbox(row);
  }

  async update(id: string, changes: Partial<MailboxInput>): Promise<Mailbox | null> {
    if (!isUuid(id)) return null;
    const keys = (Object.keys(changes) as Array<keyof MailboxInput>).filter((k) => changes[k] !== undefined);
    const sets = keys.map((k, i) => `${COLUMNS[k]} = $${i + 2}`);
    const [row] = await this.write<MailboxRow>(
      `UPDATE mailboxes SET ${[...sets, 'version = version + 1', 'updated_at = now()', 'last_error = NULL'].join(', ')}
          WHERE id = $1 RETURNING *`,
      [id, ...keys.map((k) => changes[k])],
      TAKEN,
    );
    return row ? toMailbox(row) : null;
  }

  async remove(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const rows = await this.rows<{ id: string }>(`DELETE FROM mailboxes WHERE id = $1 RETURNING id`, [id]);
    return rows.length > 0;
  }

  async find(id: string): Promise<Mailbox | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.rows<MailboxRow>(`SELECT * FROM mailboxes WHERE id = $1`, [id]);
    return row ? toMailbox(row) : null;
  }

  async findForSync(id: string): Promise<MailboxForSync | null> {
    const [row] = await this.rows<MailboxRow>(`SELECT * FROM mailboxes WHERE id = $1`, [id]);
    return row
      ? {
          ...toMailbox(row),
          passwordEncrypted: row.password_encrypted,
          uidValidity: row.uid_validity === null ? null : Number(row.uid_validity),
          lastUid: Number(row.last_uid),
        }
      : null;
  }

  async list(page: PageRequest): Promise<Page<Mailbox>> {
    const listing = { from: 'FROM mailboxes', orderBy: 'name, id' };
    return (await this.paged<MailboxRow>(listing, page)).map(toMailbox);
  }

  activeIds(): Promise<Array<{ id: string; version: number }>> {
    return this.rows(`SELECT id, version FROM mailboxes WHERE active ORDER BY id`);
  }

  async resetWatermark(id: string, uidValidity: number): Promise<void> {
    await this.rows(`UPDATE mailboxes SET uid_validity = $2, last_uid = 0 WHERE id = $1`, [id, uidValidity]);
  }

  async advance(id: string, uid: number, counted: 'imported' | 'failed' | 'skipped'): Promise<void> {
    await this.rows(
      `UPDATE mailboxes SET last_uid = GREATEST(last_uid, $2),
              imported_total = imported_total + $3, failed_total = failed_total + $4
        WHERE id = $1`,
      [id, uid, counted === 'imported' ? 1 : 0, counted === 'failed' ? 1 : 0],
    );
  }

  async recordSync(id: string): Promise<void> {
    await this.rows(`UPDATE mailboxes SET last_sync_at = now(), last_error = NULL WHERE id = $1`, [id]);
  }

  async recordError(id: string, error: string): Promise<void> {
    await this.rows(`UPDATE mailboxes SET last_error = $2, last_error_at = now() WHERE id = $1`, [
      id,
      error.slice(0, 1000),
    ]);
  }

  async addFailure(f: NewMailboxFailure): Promise<void> {
    await this.rows(
      `INSERT INTO mailbox_failures (mailbox_id, uid_validity, uid, message_id, subject, error, raw_storage_key,
         raw_size_bytes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT ON CONSTRAINT mailbox_failures_uid_key DO UPDATE
         SET error = EXCLUDED.error, attempts = mailbox_failures.attempts + 1, updated_at = now()`,
      [
        f.mailboxId,
        f.uidValidity,
        f.uid,
        f.messageId?.slice(0, 512) ?? null,
        f.subject?.slice(0, 998) ?? null,
        f.error.slice(0, 1000),
        f.raw?.key ?? null,
        f.raw?.sizeBytes ?? null,
      ],
    );
  }

  async listFailures(mailboxId: string, page: PageRequest): Promise<Page<MailboxFailure>> {
    const from = 'FROM mailbox_failures WHERE mailbox_id = $1';
    const rows = await this.paged<FailureRow>(
      { from, orderBy: 'created_at DESC, id', params: [mailboxId] },
      page,
    );
    return rows.map(toFailure);
  }

  async findFailure(mailboxId: string, failureId: string) {
    if (!isUuid(failureId)) return null;
    const [row] = await this.rows<FailureRow>(
      `SELECT * FROM mailbox_failures WHERE mailbox_id = $1 AND id = $2`,
      [mailboxId, failureId],
    );
    return row ? { ...toFailure(row), rawKey: row.raw_storage_key } : null;
  }

  async updateFailure(
    failureId: string,
    outcome: { status: 'FAILED'; error: string } | { status: 'IMPORTED'; ticketId: string | null },
  ): Promise<MailboxFailure> {
    const [row] =
      outcome.status === 'FAILED'
        ? await this.rows<FailureRow>(
            `UPDATE mailbox_failures SET error = $2, attempts = attempts + 1, updated_at = now()
              WHERE id = $1 RETURNING *`,
            [failureId, outcome.error.slice(0, 1000)],
          )
        : await this.rows<FailureRow>(
            `UPDATE mailbox_failures SET status = 'IMPORTED', ticket_id = $2, attempts = attempts + 1,
                    updated_at = now()
              WHERE id = $1 RETURNING *`,
            [failureId, outcome.ticketId],
          );
    return toFailure(row);
  }

  async failureRawKeys(mailboxId: string): Promise<string[]> {
    const rows = await this.rows<{ key: string }>(
      `SELECT raw_storage_key AS key FROM mailbox_failures WHERE mailbox_id = $1 AND raw_storage_key IS NOT NULL`,
      [mailboxId],
    );
    return rows.map((r) => r.key);
  }

  async departmentIsActive(departmentId: string): Promise<boolean> {
    if (!isUuid(departmentId)) return false;
    const rows = await this.rows(`SELECT 1 FROM departments WHERE id = $1 AND is_active`, [departmentId]);
    return rows.length > 0;
  }
}
