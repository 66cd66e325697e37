import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log of administrative changes: append-only like ticket history (the same trigger function refuses
 * UPDATE, DELETE and TRUNCATE), newest-first keyset paging, filters by entity and by actor.
 */
export class CreateAuditLog1764840000000 implements MigrationInterface {
  name = 'CreateAuditLog1764840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        actor_id uuid,
        action varchar(80) NOT NULL,
        entity_type varchar(40) NOT NULL,
        entity_id varchar(100) NOT NULL,
        before jsonb,
        after jsonb,
        request_id varchar(128),
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at DESC, id DESC) WHERE actor_id IS NOT NULL`,
    );
    await q.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
  }
}
