import { MigrationInterface, QueryRunner } from 'typeorm';

/** Saved ticket views: a named set of `GET /tickets` filters, private to its owner or shared with a department. */
export class CreateSavedViews1764700000000 implements MigrationInterface {
  name = 'CreateSavedViews1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE saved_views (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users (id),
        name varchar(100) NOT NULL,
        filters jsonb NOT NULL DEFAULT '{}',
        shared boolean NOT NULL DEFAULT false,
        department_id uuid REFERENCES departments (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT saved_views_shared_in_department CHECK (NOT shared OR department_id IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX saved_views_owner_name_key ON saved_views (owner_id, lower(name))`);
    await q.query(
      `CREATE INDEX saved_views_shared_idx ON saved_views (department_id, lower(name)) WHERE shared`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE saved_views`);
  }
}
