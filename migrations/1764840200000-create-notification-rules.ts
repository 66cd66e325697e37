import { MigrationInterface, QueryRunner } from 'typeorm';

/** Notification rules (ADMIN): who else hears of which events, by mail or in-app, on top of the built-in notices. */
export class CreateNotificationRules1764840200000 implements MigrationInterface {
  name = 'CreateNotificationRules1764840200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event varchar(60) NOT NULL,
        conditions jsonb NOT NULL DEFAULT '{}',
        recipients jsonb NOT NULL,
        channels text[] NOT NULL CHECK (cardinality(channels) > 0),
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_rules`);
  }
}
