import { Resource, Route } from '../../../common/http/route.decorator';
import { Body, Query } from '@nestjs/common';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { ADMINS } from '../../../common/auth/role';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { IdParam } from '../../../common/http/id-param.pipe';
import { WebhooksService } from '../webhooks.service';
import {
  CreatedWebhookResponseDto,
  CreateWebhookDto,
  WebhookDeliveryResponseDto,
  WebhookResponseDto,
} from './notification.dto';
import { toDeliveryResponse, toWebhookResponse } from './notification.mapper';

const WebhookId = () => IdParam('Webhook');

@Resource('webhooks', 'admin/webhooks', ADMINS)
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Route.create('', CreatedWebhookResponseDto, {
    summary: 'Subscribe a receiver to events',
    description:
      'Each event is POSTed as `{id, type, occurredAt, data}` with `X-Webhook-Id` (the event id, stable across ' +
      'retries), `X-Webhook-Timestamp` (unix seconds) and `X-Webhook-Signature: sha256=<hex HMAC-SHA256(secret, ' +
      '"<timestamp>.<body>")>`. Answers other than 2xx, and no answer within 10 s, are retried with exponential ' +
      'backoff (at least 5 attempts). The URL must be http(s); loopback, private, link-local and reserved targets ' +
      'are refused here when the host is an IP, and on the resolved address at every delivery. The secret is ' +
      'generated when absent and returned in this answer only. Password-reset events are never sent.',
  })
  async create(
    @CurrentActor() user: Actor,
    @Body() body: CreateWebhookDto,
  ): Promise<CreatedWebhookResponseDto> {
    const { webhook, secret } = await this.webhooks.create(user, body);
    return { ...toWebhookResponse(webhook), secret };
  }

  @Route.list('', WebhookResponseDto, {
    summary: 'Webhook subscriptions, newest first (secrets are never listed)',
  })
  async list(@Query() q: PageQueryDto) {
    return (await this.webhooks.list(q)).map(toWebhookResponse);
  }

  @Route.get(':id', WebhookResponseDto, { summary: 'One webhook subscription' })
  async get(@WebhookId() id: string) {
    return toWebhookResponse(await this.webhooks.get(id));
  }

  @Route.noContent('DELETE', ':id', {
    summary: 'Unsubscribe',
    description: 'Queued deliveries to it are dropped.',
  })
  async remove(@CurrentActor() user: Actor, @WebhookId() id: string): Promise<void> {
    await this.webhooks.remove(user, id);
  }

  @Route.list(':id/deliveries', WebhookDeliveryResponseDto, {
    summary: 'Every delivery attempt to this webhook, newest first',
  })
  async deliveries(@WebhookId() id: string, @Query() q: PageQueryDto) {
    return (await this.webhooks.deliveriesOf(id, q)).map(toDeliveryResponse);
  }
}
