import { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, staff profiles, departments and teams: the base every later feature stands on. */
export class CreateOrganisationSchema1763769600000 implements MigrationInterface {
  name = 'CreateOrganisationSchema1763769600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE user_role AS ENUM ('END_USER', 'AGENT', 'TEAM_LEAD', 'ADMIN')`);
    await q.query(`
      CREATE TABLE departments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL,
        description text,
        auto_assign boolean NOT NULL DEFAULT false,
        is_active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX departments_name_key ON departments (lower(name))`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL,
        password_hash varchar(100) NOT NULL,
        full_name varchar(200) NOT NULL,
        role user_role NOT NULL DEFAULT 'END_USER',
        is_active boolean NOT NULL DEFAULT true,
        token_generation integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await q.query(`CREATE INDEX users_role_idx ON users (role) WHERE is_active`);
    await q.query(`
      CREATE TABLE teams (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        department_id uuid NOT NULL REFERENCES departments (id),
        name varchar(100) NOT NULL,
        lead_id uuid REFERENCES users (id),
        is_active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX teams_department_name_key ON teams (department_id, lower(name))`);
    await q.query(`CREATE INDEX teams_lead_idx ON teams (lead_id) WHERE lead_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE staff_profiles (
        user_id uuid PRIMARY KEY REFERENCES users (id),
        department_id uuid NOT NULL REFERENCES departments (id),
        team_id uuid REFERENCES teams (id),
        available boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX staff_profiles_department_idx ON staff_profiles (department_id)`);
    await q.query(
      `CREATE INDEX staff_profiles_team_idx ON staff_profiles (team_id) WHERE team_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE staff_profiles`);
    await q.query(`DROP TABLE teams`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE departments`);
    await q.query(`DROP TYPE user_role`);
  }
}
