import { EventRedactor } from '../event-redactor.port';
import { HandledEvents } from '../handled-events.port';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

@SqlAdapter(EventRedactor)
export class SqlEventRedactor extends SqlRepository implements EventRedactor {
  async redact(eventId: string, dataKeys: readonly string[]): Promise<void> {
    await this.rows(
      `UPDATE outbox_events SET payload = jsonb_set(payload, '{data}', (payload -> 'data') - $2::text[])
        WHERE id = $1 AND payload -> 'data' IS NOT NULL`,
      [eventId, [...dataKeys]],
    );
  }
}

@SqlAdapter(HandledEvents)
export class SqlHandledEvents extends SqlRepository implements HandledEvents {
  async markHandled(eventId: string): Promise<void> {
    await this.rows(
      `UPDATE outbox_events SET handled_at = clock_timestamp() WHERE id = $1 AND handled_at IS NULL`,
      [eventId],
    );
  }
}
