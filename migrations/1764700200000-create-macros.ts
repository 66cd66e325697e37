import { MigrationInterface, QueryRunner } from 'typeorm';

/** Macros: named bundles of ticket actions, for one department's staff or (made by an ADMIN) for all staff. */
export class CreateMacros1764700200000 implements MigrationInterface {
  name = 'CreateMacros1764700200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE macros (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL,
        description varchar(500),
        actions jsonb NOT NULL,
        department_id uuid REFERENCES departments (id),
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // one name per department, and one among the macros for everyone
    await q.query(`CREATE UNIQUE INDEX macros_department_name_key
      ON macros (coalesce(department_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE macros`);
  }
}
