import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Links between tickets (`RELATED`, `DUPLICATE_OF`, `PARENT_OF`; a mailed reply to a closed ticket opens a follow-up
 * `RELATED` to it), and the inbound mail log keeps what staff need to read a mail as it arrived: its subject,
 * recipient, the department it was routed to and where its raw bytes are stored.
 */
export class AddTicketLinksAndRawInboundMail1764820000000 implements MigrationInterface {
  name = 'AddTicketLinksAndRawInboundMail1764820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ticket_links (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source_ticket_id uuid NOT NULL REFERENCES tickets (id),
        target_ticket_id uuid NOT NULL REFERENCES tickets (id),
        type varchar(20) NOT NULL CHECK (type IN ('RELATED', 'DUPLICATE_OF', 'PARENT_OF')),
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ticket_links_not_self CHECK (source_ticket_id <> target_ticket_id),
        CONSTRAINT ticket_links_unique UNIQUE (source_ticket_id, target_ticket_id, type)
      )`);
    await q.query(`CREATE INDEX ticket_links_target_idx ON ticket_links (target_ticket_id)`);

    await q.query(`ALTER TABLE inbound_emails
      ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid(),
      ADD COLUMN subject varchar(998),
      ADD COLUMN recipient varchar(254),
      ADD COLUMN department_id uuid REFERENCES departments (id),
      ADD COLUMN raw_storage_key varchar(64),
      ADD COLUMN raw_size_bytes integer,
      ADD COLUMN raw_sha256 char(64)`);
    await q.query(`CREATE UNIQUE INDEX inbound_emails_id_key ON inbound_emails (id)`);
    await q.query(
      `CREATE INDEX inbound_emails_ticket_idx ON inbound_emails (ticket_id, created_at) WHERE ticket_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX inbound_emails_ticket_idx`);
    await q.query(`DROP INDEX inbound_emails_id_key`);
    await q.query(`ALTER TABLE inbound_emails DROP COLUMN id, DROP COLUMN subject, DROP COLUMN recipient,
      DROP COLUMN department_id, DROP COLUMN raw_storage_key, DROP COLUMN raw_size_bytes, DROP COLUMN raw_sha256`);
    await q.query(`DROP TABLE ticket_links`);
  }
}
