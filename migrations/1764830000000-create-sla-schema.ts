import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SLA: business calendars (a department may name one), policies per priority (global or per department), each
 * ticket's targets, due times, breaches and outcomes, the spans its clock stood still, and one row per breach whose
 * primary key makes marking it happen exactly once. Indexes for the breach sweep, the `breached` filter and reports.
 */
export class CreateSlaSchema1764830000000 implements MigrationInterface {
  name = 'CreateSlaSchema1764830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE business_calendars (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL,
        timezone varchar(64) NOT NULL,
        hours jsonb NOT NULL,
        holidays date[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX business_calendars_name_key ON business_calendars (lower(name))`);
    await q.query(`ALTER TABLE departments ADD COLUMN calendar_id uuid REFERENCES business_calendars (id)`);

    await q.query(`
      CREATE TABLE sla_policies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        priority ticket_priority NOT NULL,
        department_id uuid REFERENCES departments (id),
        first_response_minutes integer NOT NULL,
        resolution_minutes integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sla_policies_targets_positive CHECK (first_response_minutes > 0 AND resolution_minutes > 0)
      )`);
    // one global policy per priority, and one per department and priority
    await q.query(`CREATE UNIQUE INDEX sla_policies_scope_key
      ON sla_policies (priority, coalesce(department_id, '00000000-0000-0000-0000-000000000000'::uuid))`);

    // the targets a ticket was given (null: no SLA), its due times (due_at is the resolution's) and outcomes
    await q.query(`
      ALTER TABLE tickets
        ADD COLUMN sla_first_response_minutes integer,
        ADD COLUMN sla_resolution_minutes integer,
        ADD COLUMN first_response_due_at timestamptz,
        ADD COLUMN first_response_breached_at timestamptz,
        ADD COLUMN first_response_met boolean,
        ADD COLUMN resolution_breached_at timestamptz,
        ADD COLUMN resolution_met boolean`);

    await q.query(`
      CREATE TABLE ticket_sla_pauses (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        ticket_id uuid NOT NULL REFERENCES tickets (id),
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        CONSTRAINT ticket_sla_pauses_ordered CHECK (ended_at IS NULL OR ended_at >= started_at)
      )`);
    await q.query(`CREATE INDEX ticket_sla_pauses_ticket_idx ON ticket_sla_pauses (ticket_id, started_at)`);
    await q.query(
      `CREATE UNIQUE INDEX ticket_sla_pauses_open_key ON ticket_sla_pauses (ticket_id) WHERE ended_at IS NULL`,
    );

    await q.query(`CREATE TYPE sla_target AS ENUM ('FIRST_RESPONSE', 'RESOLUTION')`);
    await q.query(`
      CREATE TABLE sla_breaches (
        ticket_id uuid NOT NULL REFERENCES tickets (id),
        target sla_target NOT NULL,
        due_at timestamptz NOT NULL,
        breached_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (ticket_id, target)
      )`);

    // what the breach sweep looks for: running clocks past their due time, not yet marked
    await q.query(`CREATE INDEX tickets_first_response_sweep_idx ON tickets (first_response_due_at)
      WHERE first_response_breached_at IS NULL AND first_response_met IS NULL AND first_response_due_at IS NOT NULL
        AND status IN ('OPEN', 'IN_PROGRESS')`);
    await q.query(`CREATE INDEX tickets_resolution_sweep_idx ON tickets (due_at)
      WHERE resolution_breached_at IS NULL AND resolution_met IS NULL AND due_at IS NOT NULL
        AND status IN ('OPEN', 'IN_PROGRESS')`);
    await q.query(`CREATE INDEX tickets_sla_breached_idx ON tickets (created_at DESC, id DESC)
      WHERE first_response_breached_at IS NOT NULL OR resolution_breached_at IS NOT NULL`);
    // reports: a department's tickets by creation and by resolution
    await q.query(`CREATE INDEX tickets_department_created_idx ON tickets (department_id, created_at)`);
    await q.query(`CREATE INDEX tickets_department_resolved_idx ON tickets (department_id, resolved_at)
      WHERE resolved_at IS NOT NULL`);
    await q.query(`CREATE INDEX tickets_resolved_idx ON tickets (resolved_at) WHERE resolved_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'tickets_resolved_idx',
      'tickets_department_resolved_idx',
      'tickets_department_created_idx',
      'tickets_sla_breached_idx',
      'tickets_resolution_sweep_idx',
      'tickets_first_response_sweep_idx',
    ])
      await q.query(`DROP INDEX ${index}`);
    await q.query(`DROP TABLE sla_breaches`);
    await q.query(`DROP TYPE sla_target`);
    await q.query(`DROP TABLE ticket_sla_pauses`);
    await q.query(`
      ALTER TABLE tickets
        DROP COLUMN sla_first_response_minutes,
        DROP COLUMN sla_resolution_minutes,
        DROP COLUMN first_response_due_at,
        DROP COLUMN first_response_breached_at,
        DROP COLUMN first_response_met,
        DROP COLUMN resolution_breached_at,
        DROP COLUMN resolution_met`);
    await q.query(`DROP TABLE sla_policies`);
    await q.query(`ALTER TABLE departments DROP COLUMN calendar_id`);
    await q.query(`DROP TABLE business_calendars`);
  }
}
