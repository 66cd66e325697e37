import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The W3C trace context (`{traceparent, tracestate}`) of the request that wrote an outbox event, so the jobs the
 * event leads to (fan-out, webhook deliveries, mails) join that request's trace. NULL when tracing is off.
 */
export class AddOutboxTraceContext1764850000000 implements MigrationInterface {
  name = 'AddOutboxTraceContext1764850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_events ADD COLUMN trace_context jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_events DROP COLUMN trace_context`);
  }
}
