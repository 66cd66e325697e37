import { ApiCreated, ApiList, ApiNoContent, ApiRoute } from '../../../common/http/api-route.decorator';
import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { Role } from '../../../common/auth/role';
import { Roles } from '../../../common/auth/roles.decorator';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { Page } from '../../../common/pagination/page';
import { IdParam } from '../../../common/http/id-param.pipe';
import { WebhooksService } from '../webhooks.service';
import {
  CreatedWebhookResponseDto,
  CreateWebhookDto,
  WebhookDeliveryResponseDto,
  WebhookResponseDto,
} from './notification.dto';
import { toDeliveryResponse, toWebhookResponse } from './notification.mapper';

@ApiTags('webhooks')
@Roles(Role.ADMIN)
@Controller('admin/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiCreated(CreatedWebhookResponseDto, {
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

  @Get()
  @ApiList(WebhookResponseDto, {
    summary: 'Webhook subscriptions, newest first (secrets are never listed)',
  })
  async list(@Query() q: PageQueryDto): Promise<Page<WebhookResponseDto>> {
    return (await this.webhooks.list(q.page, q.limit)).map(toWebhookResponse);
  }

  @Get(':id')
  @ApiRoute(WebhookResponseDto, {
    summary: 'One webhook subscription',
  })
  async get(@IdParam('Webhook') id: string): Promise<WebhookResponseDto> {
    return toWebhookResponse(await this.webhooks.get(id));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContent({
    summary: 'Unsubscribe',
    description: 'Queued deliveries to it are dropped.',
  })
  async remove(@CurrentActor() user: Actor, @IdParam('Webhook') id: string): Promise<void> {
    await this.webhooks.remove(user, id);
  }

  @Get(':id/deliveries')
  @ApiList(WebhookDeliveryResponseDto, {
    summary: 'Every delivery attempt to this webhook, newest first',
  })
  async deliveries(
    @IdParam('Webhook') id: string,
    @Query() q: PageQueryDto,
  ): Promise<Page<WebhookDeliveryResponseDto>> {
    return (await this.webhooks.deliveriesOf(id, q.page, q.limit)).map(toDeliveryResponse);
  }
}
