import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { AuditTrail } from '../../common/audit/audit-trail';
import { SecretCipher } from '../../common/security/secret-cipher';
import { WEBHOOK_SECRET_PURPOSE } from './domain/webhook-signature';
import { Actor } from '../../common/auth/actor';
import { UnitOfWork } from '../../common/unit-of-work';
import { NotFoundError, ValidationFailedError, found } from '../../common/errors/domain-errors';
import { Page, PageRequest } from '../../common/pagination/page';
import { webhookConfig } from '../../config/configuration';
import { normaliseEventFilter, WEBHOOK_EVENT_FILTERS } from './domain/event-subscriptions';
import { Webhook, WebhookDelivery } from './domain/notification';
import { checkWebhookUrl } from './domain/webhook-url';
import { WebhookDeliveryRepository } from './webhook-delivery-repository.port';
import { WebhookRepository } from './webhook-repository.port';

export interface CreateWebhookInput {
  url: string;
  events: string[];
  secret?: string;
}

/** Webhook subscriptions (ADMIN): the secret is generated when not given and shown only in the create answer. */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly cipher: SecretCipher,
    @Inject(webhookConfig.KEY) private readonly config: ConfigType<typeof webhookConfig>,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditTrail,
  ) {}

  async create(admin: Actor, input: CreateWebhookInput): Promise<{ webhook: Webhook; secret: string }> {
    const check = checkWebhookUrl(input.url, this.config.allowPrivate);
    if (!check.ok) {
      throw new ValidationFailedError(`url ${check.reason}`, [{ field: 'url', message: check.reason }]);
    }
    const unknown = input.events.filter((e) => !WEBHOOK_EVENT_FILTERS.includes(e));
    if (unknown.length > 0 || input.events.length === 0) {
      throw new ValidationFailedError('events must name known event types or "*"', [
        { field: 'events', message: `must be "*" or among ${WEBHOOK_EVENT_FILTERS.slice(1).join(', ')}` },
      ]);
    }
    const secret = input.secret ?? randomBytes(32).toString('base64url');
    const webhook = await this.uow.run(async (tx) => {
      const created = await this.webhooks.create({
        url: check.url,
        events: normaliseEventFilter(input.events),
        secret: this.cipher.encrypt(secret, WEBHOOK_SECRET_PURPOSE),
        createdBy: admin.id,
      });
      await this.audit.record(tx, {
        action: 'webhook.created',
        entityType: 'webhook',
        entityId: created.id,
        before: null,
        after: { ...created, secret },
        actorId: admin.id,
      });
      return created;
    });
    this.logger.log({ webhookId: webhook.id, events: webhook.events, actorId: admin.id }, 'webhook created');
    return { webhook, secret };
  }

  list(page: PageRequest): Promise<Page<Webhook>> {
    return this.webhooks.list(page);
  }

  async get(id: string): Promise<Webhook> {
    return found(await this.webhooks.find(id), 'Webhook');
  }

  async remove(admin: Actor, id: string): Promise<void> {
    await this.uow.run(async (tx) => {
      const before = await this.webhooks.find(id);
      if (!before || !(await this.webhooks.remove(id))) throw new NotFoundError('Webhook');
      await this.audit.deleted(tx, 'webhook', before, admin.id);
    });
    this.logger.log({ webhookId: id, actorId: admin.id }, 'webhook deleted');
  }

  async deliveriesOf(id: string, page: PageRequest): Promise<Page<WebhookDelivery>> {
    await this.get(id);
    return this.deliveries.list(id, page);
  }
}
