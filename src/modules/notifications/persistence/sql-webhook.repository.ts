import { Page, PageRequest } from '../../../common/pagination/page';
import { ALL_EVENTS } from '../domain/event-subscriptions';
import { Webhook, WebhookDelivery, WebhookWithSecret } from '../domain/notification';
import { NewWebhook, WebhookRepository } from '../webhook-repository.port';
import { NewWebhookDelivery, WebhookDeliveryRepository } from '../webhook-delivery-repository.port';
import {
  toWebhook,
  toWebhookDelivery,
  toWebhookWithSecret,
  WebhookDeliveryRow,
  WebhookRow,
} from './notification-rows';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { UUID_PATTERN } from '../../../common/ids';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

@SqlAdapter(WebhookRepository)
export class SqlWebhookRepository extends SqlRepository implements WebhookRepository {
  async create(w: NewWebhook): Promise<Webhook> {
    const [row] = await this.rows<WebhookRow>(
      `INSERT INTO webhooks (url, events, secret, created_by) VALUES ($1, $2, $3, $4) RETURNING *`,
      [w.url, w.events, w.secret, w.createdBy],
    );
    return toWebhook(row);
  }

  async list(page: PageRequest): Promise<Page<Webhook>> {
    const listing = { from: 'FROM webhooks WHERE deleted_at IS NULL', orderBy: 'created_at DESC, id DESC' };
    return (await this.paged<WebhookRow>(listing, page)).map(toWebhook);
  }

  async find(id: string): Promise<Webhook | null> {
    const row = await this.active(id);
    return row ? toWebhook(row) : null;
  }

  async findForDelivery(id: string): Promise<WebhookWithSecret | null> {
    const row = await this.active(id);
    return row ? toWebhookWithSecret(row) : null;
  }

  async remove(id: string): Promise<boolean> {
    if (!UUID_PATTERN.test(id)) return false;
    const rows = await this.rows<{ id: string }>(
      `UPDATE webhooks SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  async subscribedTo(type: string, occurredAt: Date): Promise<Webhook[]> {
    const rows = await this.rows<WebhookRow>(
      `SELECT * FROM webhooks
        WHERE deleted_at IS NULL AND events && ARRAY[$1, $2]::text[] AND created_at <= $3
        ORDER BY created_at, id`,
      [type, ALL_EVENTS, occurredAt],
    );
    return rows.map(toWebhook);
  }

  private async active(id: string): Promise<WebhookRow | null> {
    if (!UUID_PATTERN.test(id)) return null;
    const [row] = await this.rows<WebhookRow>(`SELECT * FROM webhooks WHERE id = $1 AND deleted_at IS NULL`, [
      id,
    ]);
    return row ?? null;
  }
}

@SqlAdapter(WebhookDeliveryRepository)
export class SqlWebhookDeliveryRepository extends SqlRepository implements WebhookDeliveryRepository {
  async record(d: NewWebhookDelivery): Promise<void> {
    await this.rows(
      `INSERT INTO webhook_deliveries
         (webhook_id, event_id, event_type, attempt, success, status_code, duration_ms, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        d.webhookId,
        d.eventId,
        d.eventType,
        d.attempt,
        d.success,
        d.statusCode,
        d.durationMs,
        d.error?.slice(0, 1000) ?? null,
      ],
    );
  }

  async list(webhookId: string, page: PageRequest): Promise<Page<WebhookDelivery>> {
    const from = 'FROM webhook_deliveries WHERE webhook_id = $1';
    const listing = { from, orderBy: 'created_at DESC, id DESC', params: [webhookId] };
    const rows = await this.paged<WebhookDeliveryRow>(listing, page);
    return rows.map(toWebhookDelivery);
  }
}
