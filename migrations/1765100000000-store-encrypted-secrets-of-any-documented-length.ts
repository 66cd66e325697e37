import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Encrypted secrets take more room than the text they hide: the API takes a webhook secret of up to 256 characters
 * and a mailbox password of up to 1,024, and with characters of three or four UTF-8 bytes their encrypted form
 * (base64 of the bytes, plus the key id, nonce and tag) outgrew varchar(1024) and varchar(2048), so a secret within
 * the documented limits was refused as too long. The columns hold text of any length; the API's limits stand.
 */
export class StoreEncryptedSecretsOfAnyDocumentedLength1765100000000 implements MigrationInterface {
  name = 'StoreEncryptedSecretsOfAnyDocumentedLength1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhooks ALTER COLUMN secret TYPE text`);
    await q.query(`ALTER TABLE mailboxes ALTER COLUMN password_encrypted TYPE text`);
  }

  async down(q: QueryRunner): Promise<void> {
    // fails while a stored secret is longer than the old columns allow, rather than cutting it
    await q.query(`ALTER TABLE webhooks ALTER COLUMN secret TYPE varchar(1024)`);
    await q.query(`ALTER TABLE mailboxes ALTER COLUMN password_encrypted TYPE varchar(2048)`);
  }
}
