import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** 32 bytes from base64 (standard or URL-safe), or null. */
function decodeKey(value: string): Buffer | null {
  const trimmed = value.trim();
  if (!/^[A-Za-z0-9+/_-]{42,44}={0,2}$/.test(trimmed)) return null;
  const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return key.length === 32 ? key : null;
}

/** SECRETS_KEY, or outside production the key kept in DATA_DIR, exactly as the application resolves it. */
function secretsKey(): Buffer {
  if (process.env.SECRETS_KEY) {
    const key = decodeKey(process.env.SECRETS_KEY);
    if (!key) throw new Error('SECRETS_KEY must be 32 random bytes in base64');
    return key;
  }
  if (process.env.NODE_ENV === 'production')
    throw new Error('SECRETS_KEY is required to encrypt the stored webhook secrets');
  const dir = process.env.DATA_DIR ?? '.data';
  const file = join(dir, 'secrets-key');
  if (existsSync(file)) {
    const key = decodeKey(readFileSync(file, 'utf8'));
    if (!key) throw new Error(`${file} does not hold a 32-byte base64 key`);
    return key;
  }
  mkdirSync(dir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  return key;
}

/** The application's format, frozen here: v1.<key id>.<iv>.<ciphertext>.<tag>, AES-256-GCM, purpose as AAD. */
function encrypt(plain: string, purpose: string, key: Buffer): string {
  const id = createHash('sha256').update('helpdesk-secrets-key:').update(key).digest('hex').slice(0, 8);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', id, iv, body, cipher.getAuthTag()]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

function decrypt(stored: string, purpose: string, key: Buffer): string {
  const [, , iv, body, tag] = stored.split('.');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(purpose, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/**
 * IMAP mailboxes that the worker imports from (password encrypted, UID watermark, sync state), the mails of theirs
 * that could not be imported (kept raw for ADMINs to read and retry), and webhook secrets encrypted at rest like
 * mailbox passwords (the plain ones are encrypted here with SECRETS_KEY).
 */
export class CreateMailboxesAndEncryptWebhookSecrets1764820100000 implements MigrationInterface {
  name = 'CreateMailboxesAndEncryptWebhookSecrets1764820100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mailboxes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL,
        host varchar(255) NOT NULL,
        port integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
        secure boolean NOT NULL,
        username varchar(320) NOT NULL,
        password_encrypted varchar(2048) NOT NULL,
        folder varchar(255) NOT NULL DEFAULT 'INBOX',
        processed_folder varchar(255),
        department_id uuid NOT NULL REFERENCES departments (id),
        active boolean NOT NULL DEFAULT true,
        uid_validity bigint,
        last_uid bigint NOT NULL DEFAULT 0,
        imported_total integer NOT NULL DEFAULT 0,
        failed_total integer NOT NULL DEFAULT 0,
        last_sync_at timestamptz,
        last_error varchar(1000),
        last_error_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT mailboxes_name_key UNIQUE (name)
      )`);
    await q.query(`
      CREATE TABLE mailbox_failures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        mailbox_id uuid NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
        uid_validity bigint NOT NULL,
        uid bigint NOT NULL,
        message_id varchar(512),
        subject varchar(998),
        error varchar(1000) NOT NULL,
        raw_storage_key varchar(64),
        raw_size_bytes integer,
        status varchar(20) NOT NULL DEFAULT 'FAILED' CHECK (status IN ('FAILED', 'IMPORTED')),
        attempts integer NOT NULL DEFAULT 1,
        ticket_id uuid REFERENCES tickets (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT mailbox_failures_uid_key UNIQUE (mailbox_id, uid_validity, uid)
      )`);
    await q.query(
      `CREATE INDEX mailbox_failures_mailbox_idx ON mailbox_failures (mailbox_id, created_at DESC, id)`,
    );

    await q.query(`ALTER TABLE webhooks ALTER COLUMN secret TYPE varchar(1024)`);
    const hooks = (await q.query(`SELECT id, secret FROM webhooks WHERE secret NOT LIKE 'v1.%'`)) as Array<{
      id: string;
      secret: string;
    }>;
    if (hooks.length > 0) {
      const key = secretsKey();
      for (const hook of hooks) {
        await q.query(`UPDATE webhooks SET secret = $2 WHERE id = $1`, [
          hook.id,
          encrypt(hook.secret, 'webhooks.secret', key),
        ]);
      }
    }
  }

  /** Back to plain webhook secrets (under the current SECRETS_KEY: rotate before reverting if it changed). */
  async down(q: QueryRunner): Promise<void> {
    const hooks = (await q.query(`SELECT id, secret FROM webhooks WHERE secret LIKE 'v1.%'`)) as Array<{
      id: string;
      secret: string;
    }>;
    if (hooks.length > 0) {
      const key = secretsKey();
      for (const hook of hooks) {
        await q.query(`UPDATE webhooks SET secret = $2 WHERE id = $1`, [
          hook.id,
          decrypt(hook.secret, 'webhooks.secret', key),
        ]);
      }
    }
    await q.query(`ALTER TABLE webhooks ALTER COLUMN secret TYPE varchar(256)`);
    await q.query(`DROP TABLE mailbox_failures`);
    await q.query(`DROP TABLE mailboxes`);
  }
}
