import { Page } from '../../common/pagination/page';
import { WebhookDelivery } from './domain/notification';

export interface NewWebhookDelivery {
  webhookId: string;
  eventId: string;
  eventType: string;
  attempt: number;
  success: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

export abstract class WebhookDeliveryRepository {
  abstract record(delivery: NewWebhookDelivery): Promise<void>;
  /** newest first */
  abstract list(webhookId: string, page: number, limit: number): Promise<Page<WebhookDelivery>>;
}
