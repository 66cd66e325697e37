import { Page, PageRequest } from '../../common/pagination/page';
import { Webhook, WebhookWithSecret } from './domain/notification';

export interface NewWebhook {
  url: string;
  events: string[];
  secret: string;
  createdBy: string;
}

export abstract class WebhookRepository {
  abstract create(webhook: NewWebhook): Promise<Webhook>;
  abstract list(page: PageRequest): Promise<Page<Webhook>>;
  abstract find(id: string): Promise<Webhook | null>;
  /** with the signing secret, for deliveries only */
  abstract findForDelivery(id: string): Promise<WebhookWithSecret | null>;
  /** false when there was no such active webhook */
  abstract remove(id: string): Promise<boolean>;
  /** active webhooks subscribed to `type` that existed when the event occurred */
  abstract subscribedTo(type: string, occurredAt: Date): Promise<Webhook[]>;
}
