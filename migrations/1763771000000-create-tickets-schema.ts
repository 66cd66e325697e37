import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tickets, their per-month PID counter, append-only messages and history, attachments, view grants, idempotency
 * keys, and the transactional outbox that carries every change's event to the worker.
 */
export class CreateTicketsSchema1763771000000 implements MigrationInterface {
  name = 'CreateTicketsSchema1763771000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE ticket_status AS ENUM
      ('PENDING_APPROVAL', 'OPEN', 'IN_PROGRESS', 'PENDING_USER', 'RESOLVED', 'CLOSED', 'CANCELLED')`);
    await q.query(`CREATE TYPE ticket_priority AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'URGENT')`);
    await q.query(`CREATE TYPE ticket_visibility AS ENUM ('INTERNAL', 'RESTRICTED')`);

    await q.query(`
      CREATE TABLE ticket_counters (
        period char(6) PRIMARY KEY,
        last_value integer NOT NULL
      )`);

    await q.query(`
      CREATE TABLE tickets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pid varchar(20) NOT NULL,
        title varchar(200) NOT NULL,
        description text NOT NULL,
        status ticket_status NOT NULL,
        priority ticket_priority NOT NULL DEFAULT 'MEDIUM',
        priority_rank smallint GENERATED ALWAYS AS (
          CASE priority WHEN 'URGENT' THEN 4 WHEN 'HIGH' THEN 3 WHEN 'MEDIUM' THEN 2 ELSE 1 END) STORED,
        requester_id uuid NOT NULL REFERENCES users (id),
        department_id uuid REFERENCES departments (id),
        team_id uuid REFERENCES teams (id),
        assignee_id uuid REFERENCES users (id),
        service_item_id uuid,
        category_id uuid,
        tags text[] NOT NULL DEFAULT '{}',
        visibility ticket_visibility NOT NULL DEFAULT 'INTERNAL',
        custom_fields jsonb NOT NULL DEFAULT '{}',
        due_at timestamptz,
        first_response_at timestamptz,
        resolved_at timestamptz,
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple', coalesce(pid, '')), 'A') ||
          setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
          setweight(to_tsvector('english', coalesce(description, '')), 'B')) STORED,
        CONSTRAINT tickets_title_length CHECK (char_length(title) BETWEEN 3 AND 200),
        CONSTRAINT tickets_description_length CHECK (char_length(description) BETWEEN 1 AND 20000)
      )`);
    await q.query(`CREATE UNIQUE INDEX tickets_pid_key ON tickets (pid)`);
    await q.query(`CREATE INDEX tickets_created_idx ON tickets (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX tickets_updated_idx ON tickets (updated_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX tickets_priority_idx ON tickets (priority_rank DESC, created_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX tickets_due_idx ON tickets (due_at, id) WHERE due_at IS NOT NULL`);
    await q.query(
      `CREATE INDEX tickets_department_status_idx ON tickets (department_id, status, created_at DESC)`,
    );
    await q.query(`CREATE INDEX tickets_status_idx ON tickets (status, created_at DESC)`);
    await q.query(`CREATE INDEX tickets_requester_idx ON tickets (requester_id, created_at DESC)`);
    await q.query(
      `CREATE INDEX tickets_assignee_idx ON tickets (assignee_id, status) WHERE assignee_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX tickets_team_idx ON tickets (team_id) WHERE team_id IS NOT NULL`);
    await q.query(
      `CREATE INDEX tickets_service_item_idx ON tickets (service_item_id) WHERE service_item_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX tickets_category_idx ON tickets (category_id) WHERE category_id IS NOT NULL`);
    await q.query(`CREATE INDEX tickets_priority_filter_idx ON tickets (priority, created_at DESC)`);
    await q.query(`CREATE INDEX tickets_tags_idx ON tickets USING gin (tags)`);
    await q.query(`CREATE INDEX tickets_search_idx ON tickets USING gin (search_vector)`);

    await q.query(`
      CREATE TABLE ticket_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ticket_id uuid NOT NULL REFERENCES tickets (id),
        author_id uuid REFERENCES users (id),
        body text NOT NULL,
        internal boolean NOT NULL DEFAULT false,
        source varchar(20) NOT NULL DEFAULT 'api',
        external_message_id varchar(512),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english', body)) STORED,
        CONSTRAINT ticket_messages_body_length CHECK (char_length(body) BETWEEN 1 AND 20000)
      )`);
    await q.query(`CREATE INDEX ticket_messages_ticket_idx ON ticket_messages (ticket_id, created_at, id)`);
    await q.query(`CREATE INDEX ticket_messages_search_idx ON ticket_messages USING gin (search_vector)`);
    await q.query(`CREATE UNIQUE INDEX ticket_messages_external_key ON ticket_messages (external_message_id)
      WHERE external_message_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE ticket_history (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ticket_id uuid NOT NULL REFERENCES tickets (id),
        type varchar(40) NOT NULL,
        actor_id uuid REFERENCES users (id),
        details jsonb NOT NULL DEFAULT '{}',
        internal boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX ticket_history_ticket_idx ON ticket_history (ticket_id, created_at, id)`);

    // History and messages are append-only: the database itself refuses to change or remove them.
    await q.query(`
      CREATE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['ticket_history', 'ticket_messages']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change()`);
    }

    await q.query(`
      CREATE TABLE ticket_attachments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ticket_id uuid NOT NULL REFERENCES tickets (id),
        message_id uuid REFERENCES ticket_messages (id),
        uploader_id uuid REFERENCES users (id),
        filename varchar(255) NOT NULL,
        content_type varchar(255) NOT NULL,
        size_bytes bigint NOT NULL,
        sha256 char(64) NOT NULL,
        storage_key varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ticket_attachments_ticket_idx ON ticket_attachments (ticket_id, created_at)`);

    await q.query(`
      CREATE TABLE ticket_access_grants (
        ticket_id uuid NOT NULL REFERENCES tickets (id),
        user_id uuid NOT NULL REFERENCES users (id),
        granted_by uuid REFERENCES users (id),
        reason varchar(40) NOT NULL DEFAULT 'GRANT',
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (ticket_id, user_id)
      )`);
    await q.query(`CREATE INDEX ticket_access_grants_user_idx ON ticket_access_grants (user_id)`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL REFERENCES users (id),
        key varchar(255) NOT NULL,
        request_hash char(64) NOT NULL,
        ticket_id uuid REFERENCES tickets (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);

    await q.query(`
      CREATE TABLE outbox_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type varchar(60) NOT NULL,
        aggregate_id uuid,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        dispatched_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await q.query(
      `CREATE INDEX outbox_events_pending_idx ON outbox_events (occurred_at) WHERE dispatched_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_events`);
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE ticket_access_grants`);
    await q.query(`DROP TABLE ticket_attachments`);
    await q.query(`DROP TABLE ticket_history`);
    await q.query(`DROP TABLE ticket_messages`);
    await q.query(`DROP FUNCTION refuse_append_only_change`);
    await q.query(`DROP TABLE tickets`);
    await q.query(`DROP TABLE ticket_counters`);
    await q.query(`DROP TYPE ticket_visibility`);
    await q.query(`DROP TYPE ticket_priority`);
    await q.query(`DROP TYPE ticket_status`);
  }
}
