import {
  DeliveryChannel,
  DeliveryKey,
  deliveryKey,
  DeliveryLedger,
  PendingDelivery,
  QueuedDelivery,
} from '../delivery-ledger.port';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

/** how far back lost deliveries are looked for: beyond it, jobs were kept no longer anyway */
const HORIZON = '1 day';

@SqlAdapter(DeliveryLedger)
export class SqlDeliveryLedger extends SqlRepository implements DeliveryLedger {
  async claim(
    eventId: string,
    channel: DeliveryChannel,
    recipient: string,
    queued: QueuedDelivery | null = null,
  ): Promise<boolean> {
    const rows = await this.rows<{ event_id: string }>(
      `INSERT INTO notification_deliveries (event_id, channel, recipient, job) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [eventId, channel, recipient, queued ? JSON.stringify(queued) : null],
    );
    return rows.length > 0;
  }

  async done(key: DeliveryKey): Promise<void> {
    await this.rows(
      `UPDATE notification_deliveries SET done_at = clock_timestamp(), job = NULL
        WHERE event_id = $1 AND channel = $2 AND recipient = $3 AND done_at IS NULL`,
      [key.eventId, key.channel, key.recipient],
    );
  }

  async pending(olderThanMs: number, limit: number, after?: PendingDelivery): Promise<PendingDelivery[]> {
    const rows = await this.rows<{
      event_id: string;
      channel: DeliveryChannel;
      recipient: string;
      job: QueuedDelivery;
      created_at: Date;
    }>(
      `SELECT event_id, channel, recipient, job, created_at FROM notification_deliveries
        WHERE done_at IS NULL AND job IS NOT NULL
          AND created_at < clock_timestamp() - make_interval(secs => $1)
          AND created_at > clock_timestamp() - interval '${HORIZON}'
          AND ($3::timestamptz IS NULL OR (created_at, event_id, channel, recipient) > ($3, $4::uuid, $5, $6))
        ORDER BY created_at, event_id, channel, recipient LIMIT $2`,
      [
        olderThanMs / 1000,
        limit,
        after?.claimedAt ?? null,
        after?.eventId ?? null,
        after?.channel ?? null,
        after?.recipient ?? null,
      ],
    );
    return rows.map((r) => ({
      eventId: r.event_id,
      channel: r.channel,
      recipient: r.recipient,
      queued: r.job,
      claimedAt: r.created_at,
    }));
  }

  async stillPending(keys: DeliveryKey[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.rows<{ event_id: string; channel: DeliveryChannel; recipient: string }>(
      `SELECT d.event_id, d.channel, d.recipient FROM notification_deliveries d
         JOIN unnest($1::uuid[], $2::text[], $3::text[]) AS k(event_id, channel, recipient)
           ON d.event_id = k.event_id AND d.channel = k.channel AND d.recipient = k.recipient
        WHERE d.done_at IS NULL`,
      [keys.map((k) => k.eventId), keys.map((k) => k.channel), keys.map((k) => k.recipient)],
    );
    return new Set(
      rows.map((r) => deliveryKey({ eventId: r.event_id, channel: r.channel, recipient: r.recipient })),
    );
  }
}
