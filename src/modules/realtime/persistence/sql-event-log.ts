import { isPrivateEvent } from '../../../common/events/private-events';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { StreamEvent } from '../domain/stream-event';
import { EventLog } from '../event-log.port';
import { MeasuredRepository } from '../../../infrastructure/database/measured-repository';
import { Implements } from '../../../common/di/implements';

interface Row {
  stream_seq: string;
  id: string;
  type: string;
  aggregate_id: string | null;
  payload: { actorId?: string | null; data?: Record<string, unknown> };
  occurred_at: Date;
}

const toEvent = (r: Row): StreamEvent => {
  const hidden = isPrivateEvent(r.type);
  return {
    seq: Number(r.stream_seq),
    id: r.id,
    type: r.type,
    aggregateId: r.aggregate_id,
    actorId: hidden ? null : (r.payload.actorId ?? null),
    data: hidden ? null : (r.payload.data ?? {}),
    occurredAt: r.occurred_at.toISOString(),
  };
};

/** Reads outbox_events by stream position (the unique partial index on stream_seq serves every query here). */
@Implements(EventLog)
@MeasuredRepository()
export class SqlEventLog extends SqlRepository implements EventLog {
  async latestPosition(): Promise<number> {
    const [row] = await this.rows<{ seq: string | null }>(`SELECT max(stream_seq) AS seq FROM outbox_events`);
    return Number(row?.seq ?? 0);
  }

  async positionOf(eventId: string): Promise<number | null> {
    const [row] = await this.rows<{ stream_seq: string | null }>(
      `SELECT stream_seq FROM outbox_events WHERE id = $1`,
      [eventId],
    );
    return row?.stream_seq ? Number(row.stream_seq) : null;
  }

  async after(seq: number, limit: number, since?: Date): Promise<StreamEvent[]> {
    const rows = await this.rows<Row>(
      `SELECT stream_seq, id, type, aggregate_id, payload, occurred_at FROM outbox_events
        WHERE stream_seq > $1 AND ($3::timestamptz IS NULL OR occurred_at > $3)
        ORDER BY stream_seq LIMIT $2`,
      [seq, limit, since ?? null],
    );
    return rows.map(toEvent);
  }
}
