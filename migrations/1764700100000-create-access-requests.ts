import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Requests by staff to see a RESTRICTED ticket, decided by its requester or a team lead of its department. At most
 * one pending request per ticket and user; a decision is final.
 */
export class CreateAccessRequests1764700100000 implements MigrationInterface {
  name = 'CreateAccessRequests1764700100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE access_request_status AS ENUM ('PENDING', 'GRANTED', 'DENIED')`);
    await q.query(`
      CREATE TABLE ticket_access_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ticket_id uuid NOT NULL REFERENCES tickets (id),
        requested_by uuid NOT NULL REFERENCES users (id),
        reason varchar(1000) NOT NULL,
        status access_request_status NOT NULL DEFAULT 'PENDING',
        decided_by uuid REFERENCES users (id),
        decision_comment varchar(1000),
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ticket_access_requests_decision CHECK (
          (status = 'PENDING') = (decided_at IS NULL) AND (status = 'PENDING') = (decided_by IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX ticket_access_requests_pending_key
      ON ticket_access_requests (ticket_id, requested_by) WHERE status = 'PENDING'`);
    await q.query(
      `CREATE INDEX ticket_access_requests_ticket_idx ON ticket_access_requests (ticket_id, created_at DESC, id)`,
    );
    await q.query(
      `CREATE INDEX ticket_access_requests_created_idx ON ticket_access_requests (created_at DESC, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ticket_access_requests`);
    await q.query(`DROP TYPE access_request_status`);
  }
}
