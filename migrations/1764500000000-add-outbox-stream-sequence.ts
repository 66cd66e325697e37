import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A position for every dispatched outbox event in the live stream: the relay numbers each batch under one lock just
 * before it commits, so the numbers commit in order. Real-time streams replay "everything after the event the client
 * last saw" by this number, and spot a live message they missed by a hole in it.
 */
export class AddOutboxStreamSequence1764500000000 implements MigrationInterface {
  name = 'AddOutboxStreamSequence1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE outbox_stream_seq AS bigint`);
    await q.query(`ALTER TABLE outbox_events ADD COLUMN stream_seq bigint`);
    await q.query(`CREATE UNIQUE INDEX outbox_events_stream_seq_key ON outbox_events (stream_seq)
      WHERE stream_seq IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outbox_events_stream_seq_key`);
    await q.query(`ALTER TABLE outbox_events DROP COLUMN stream_seq`);
    await q.query(`DROP SEQUENCE outbox_stream_seq`);
  }
}
