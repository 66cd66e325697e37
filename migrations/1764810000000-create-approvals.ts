import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Approval requests: one per ticket filed from a service item with an approval chain. The chain is copied when the
 * ticket is filed (later edits of the item never change a running request); each step gets its approvers when it
 * opens, and each approver row carries that approver's decision. Delegations let a delegate decide in a delegator's
 * name within a time window.
 */
export class CreateApprovals1764810000000 implements MigrationInterface {
  name = 'CreateApprovals1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE approval_status AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLED')`);
    await q.query(
      `CREATE TYPE approval_step_status AS ENUM ('WAITING', 'PENDING', 'APPROVED', 'REJECTED', 'CANCELLED')`,
    );
    await q.query(`
      CREATE TABLE approval_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ticket_id uuid NOT NULL REFERENCES tickets (id),
        service_item_id uuid REFERENCES service_items (id),
        chain jsonb NOT NULL,
        status approval_status NOT NULL DEFAULT 'PENDING',
        current_step integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        CONSTRAINT approval_requests_closed CHECK ((status = 'PENDING') = (closed_at IS NULL)),
        CONSTRAINT approval_requests_current_step CHECK ((status = 'PENDING') = (current_step IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX approval_requests_ticket_key ON approval_requests (ticket_id)`);
    await q.query(`CREATE INDEX approval_requests_pending_idx ON approval_requests (created_at, id)
      WHERE status = 'PENDING'`);

    await q.query(`
      CREATE TABLE approval_steps (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES approval_requests (id),
        position integer NOT NULL,
        mode varchar(3) NOT NULL,
        rules jsonb NOT NULL,
        status approval_step_status NOT NULL DEFAULT 'WAITING',
        opened_at timestamptz,
        closed_at timestamptz,
        CONSTRAINT approval_steps_mode CHECK (mode IN ('ALL', 'ANY')),
        CONSTRAINT approval_steps_position CHECK (position >= 1),
        UNIQUE (request_id, position)
      )`);
    await q.query(`CREATE INDEX approval_steps_open_idx ON approval_steps (id) WHERE status = 'PENDING'`);

    await q.query(`
      CREATE TABLE approval_step_approvers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        step_id uuid NOT NULL REFERENCES approval_steps (id),
        user_id uuid NOT NULL REFERENCES users (id),
        source varchar(40) NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        replaced_by uuid REFERENCES users (id),
        replaced_at timestamptz,
        decision varchar(8),
        decided_by uuid REFERENCES users (id),
        comment varchar(2000),
        decided_at timestamptz,
        CONSTRAINT approval_step_approvers_decision CHECK (decision IS NULL OR decision IN ('APPROVED', 'REJECTED')),
        CONSTRAINT approval_step_approvers_decided CHECK (
          (decision IS NULL) = (decided_at IS NULL) AND (decision IS NULL) = (decided_by IS NULL)),
        CONSTRAINT approval_step_approvers_replaced CHECK ((replaced_by IS NULL) = (replaced_at IS NULL)),
        CONSTRAINT approval_step_approvers_replaced_undecided CHECK (replaced_by IS NULL OR decision IS NULL)
      )`);
    // one live row per approver and step (a replaced row stays, for the record)
    await q.query(`CREATE UNIQUE INDEX approval_step_approvers_live_key ON approval_step_approvers (step_id, user_id)
      WHERE replaced_by IS NULL`);
    await q.query(`CREATE INDEX approval_step_approvers_waiting_idx ON approval_step_approvers (user_id)
      WHERE decision IS NULL AND replaced_by IS NULL`);

    await q.query(`
      CREATE TABLE approval_delegations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        delegator_id uuid NOT NULL REFERENCES users (id),
        delegate_id uuid NOT NULL REFERENCES users (id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT approval_delegations_window CHECK (ends_at > starts_at),
        CONSTRAINT approval_delegations_not_self CHECK (delegate_id <> delegator_id)
      )`);
    await q.query(
      `CREATE INDEX approval_delegations_delegate_idx ON approval_delegations (delegate_id, ends_at)`,
    );
    await q.query(
      `CREATE INDEX approval_delegations_delegator_idx ON approval_delegations (delegator_id, ends_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE approval_delegations`);
    await q.query(`DROP TABLE approval_step_approvers`);
    await q.query(`DROP TABLE approval_steps`);
    await q.query(`DROP TABLE approval_requests`);
    await q.query(`DROP TYPE approval_step_status`);
    await q.query(`DROP TYPE approval_status`);
  }
}
