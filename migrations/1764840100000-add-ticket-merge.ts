import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Merging: a merged ticket names the ticket it was merged into (its messages and attachments show there), so a
 * target's merged sources are found through an index rather than by walking links.
 */
export class AddTicketMerge1764840100000 implements MigrationInterface {
  name = 'AddTicketMerge1764840100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tickets
      ADD COLUMN merged_into_id uuid REFERENCES tickets (id),
      ADD CONSTRAINT tickets_not_merged_into_self CHECK (merged_into_id <> id)`);
    await q.query(
      `CREATE INDEX tickets_merged_into_idx ON tickets (merged_into_id) WHERE merged_into_id IS NOT NULL`,
    );
    // links are read from both ends: by source (the unique key leads with it) and by source and type for graph walks
    await q.query(`CREATE INDEX ticket_links_source_type_idx ON ticket_links (source_ticket_id, type)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ticket_links_source_type_idx`);
    await q.query(`DROP INDEX tickets_merged_into_idx`);
    await q.query(
      `ALTER TABLE tickets DROP CONSTRAINT tickets_not_merged_into_self, DROP COLUMN merged_into_id`,
    );
  }
}
