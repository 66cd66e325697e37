import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What PostgreSQL needs to re-drive work a queue lost (Redis coming back empty after a failover without persistence):
 * - `outbox_events.handled_at`: when the event's fan-out finished. A dispatched event without it whose job is no
 *   longer in BullMQ is queued again.
 * - `notification_deliveries.done_at` and `job`: when the mail or webhook delivery finished (sent, or failed for
 *   good), and until then the job as it was queued, so a delivery whose job vanished is queued again, unchanged.
 * Rows already there count as done: only work from now on is re-driven.
 */
export class TrackEventAndDeliveryCompletion1764862000000 implements MigrationInterface {
  name = 'TrackEventAndDeliveryCompletion1764862000000';

  async up(q: QueryRunner): Promise<void> {
    // a stable default fills existing rows without rewriting the table; new rows start NULL
    await q.query(`ALTER TABLE outbox_events ADD COLUMN handled_at timestamptz DEFAULT now()`);
    await q.query(`ALTER TABLE outbox_events ALTER COLUMN handled_at DROP DEFAULT`);
    await q.query(`UPDATE outbox_events SET handled_at = NULL WHERE dispatched_at IS NULL`);
    await q.query(`CREATE INDEX outbox_events_unhandled_idx ON outbox_events (dispatched_at)
      WHERE dispatched_at IS NOT NULL AND handled_at IS NULL`);

    await q.query(`ALTER TABLE notification_deliveries ADD COLUMN done_at timestamptz DEFAULT now()`);
    await q.query(`ALTER TABLE notification_deliveries ALTER COLUMN done_at DROP DEFAULT`);
    await q.query(`ALTER TABLE notification_deliveries ADD COLUMN job jsonb`);
    await q.query(`CREATE INDEX notification_deliveries_pending_idx ON notification_deliveries (created_at)
      WHERE done_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_deliveries_pending_idx`);
    await q.query(`ALTER TABLE notification_deliveries DROP COLUMN job, DROP COLUMN done_at`);
    await q.query(`DROP INDEX outbox_events_unhandled_idx`);
    await q.query(`ALTER TABLE outbox_events DROP COLUMN handled_at`);
  }
}
