import { Page, PageRequest } from '../../common/pagination/page';
import { WebhookDelivery } from './domain/notification';

export type NewWebhookDelivery = Omit<WebhookDelivery, 'id' | 'createdAt'>;

export abstract class WebhookDeliveryRepository {
  abstract record(delivery: NewWebhookDelivery): Promise<void>;
  /** newest first */
  abstract list(webhookId: string, page: PageRequest): Promise<Page<WebhookDelivery>>;
}
