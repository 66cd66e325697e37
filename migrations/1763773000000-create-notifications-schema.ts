import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: in-app notifications per recipient, the ledger that keeps event consumers idempotent, webhook
 * subscriptions and every delivery attempt, the log of processed inbound mails, and a trigger that wakes the
 * outbox relay (LISTEN outbox_events) when an event commits.
 */
export class CreateNotificationsSchema1763773000000 implements MigrationInterface {
  name = 'CreateNotificationsSchema1763773000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id),
        event_id uuid NOT NULL,
        type varchar(60) NOT NULL,
        ticket_id uuid,
        title varchar(300) NOT NULL,
        body text NOT NULL,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE UNIQUE INDEX notifications_user_event_key ON notifications (user_id, event_id)`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX notifications_user_unread_idx ON notifications (user_id, created_at DESC, id DESC)
      WHERE read_at IS NULL`);

    // one row per side effect already done for an event: (event, 'mail', user id) or (event, 'webhook', hook id)
    await q.query(`
      CREATE TABLE notification_deliveries (
        event_id uuid NOT NULL,
        channel varchar(20) NOT NULL,
        recipient varchar(100) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, channel, recipient)
      )`);
    await q.query(`CREATE INDEX notification_deliveries_created_idx ON notification_deliveries (created_at)`);

    await q.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url varchar(2048) NOT NULL,
        events text[] NOT NULL,
        secret varchar(256) NOT NULL,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX webhooks_active_idx ON webhooks USING gin (events) WHERE deleted_at IS NULL`);

    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id uuid NOT NULL REFERENCES webhooks (id),
        event_id uuid NOT NULL,
        event_type varchar(60) NOT NULL,
        attempt integer NOT NULL,
        success boolean NOT NULL,
        status_code integer,
        duration_ms integer NOT NULL,
        error varchar(1000),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(
      `CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, created_at DESC, id DESC)`,
    );

    await q.query(`
      CREATE TABLE inbound_emails (
        message_id varchar(512) PRIMARY KEY,
        sender varchar(254) NOT NULL,
        outcome varchar(30) NOT NULL,
        ticket_id uuid REFERENCES tickets (id),
        ticket_message_id uuid REFERENCES ticket_messages (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE FUNCTION notify_outbox_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox_events', '');
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events
      FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox_event()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER outbox_events_notify ON outbox_events`);
    await q.query(`DROP FUNCTION notify_outbox_event`);
    await q.query(`DROP TABLE inbound_emails`);
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhooks`);
    await q.query(`DROP TABLE notification_deliveries`);
    await q.query(`DROP TABLE notifications`);
  }
}
