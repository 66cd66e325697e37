import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  MaxLength,
} from 'class-validator';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { WEBHOOK_EVENT_FILTERS } from '../domain/event-subscriptions';

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

export class ListNotificationsQueryDto extends PageQueryDto {
  /** only unread notifications */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  unread?: boolean;
}

export class NotificationResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'the event type that caused it, e.g. ticket.message_added' }) type: string;
  @ApiProperty({ format: 'uuid', description: 'the event id (X-Webhook-Id of the same event)' })
  eventId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) ticketId: string | null;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty() read: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) readAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ReadAllResponseDto {
  @ApiProperty({ description: 'how many notifications were unread and are now read' }) updated: number;
}

export class CreateWebhookDto {
  /** http(s) URL of the receiver; loopback, private and link-local targets are refused */
  @IsString()
  @MaxLength(2048)
  @IsUrl({
    protocols: ['http', 'https'],
    require_protocol: true,
    require_tld: false,
    allow_underscores: true,
  })
  url: string;

  /** event types to receive, or ["*"] for all */
  @ApiProperty({
    isArray: true,
    enum: WEBHOOK_EVENT_FILTERS,
    example: ['ticket.created', 'ticket.status_changed'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsIn(WEBHOOK_EVENT_FILTERS, { each: true })
  events: string[];

  /** the HMAC signing secret (16–256 characters); generated when absent. Returned once, in this answer */
  @IsOptional()
  @IsString()
  @Length(16, 256)
  secret?: string;
}

export class WebhookResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ isArray: true, type: String }) events: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CreatedWebhookResponseDto extends WebhookResponseDto {
  @ApiPropertyOptional({
    description:
      'the signing secret: shown in this answer only. Verify X-Webhook-Signature as ' +
      '`sha256=` + hex HMAC-SHA256(secret, `${X-Webhook-Timestamp}.${raw body}`)',
  })
  secret: string;
}

export class WebhookDeliveryResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'the event delivered (X-Webhook-Id)' }) eventId: string;
  @ApiProperty() eventType: string;
  @ApiProperty({ description: '1 for the first attempt' }) attempt: number;
  @ApiProperty() success: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'null when no answer came' }) statusCode:
    number | null;
  @ApiProperty() durationMs: number;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class InboundFollowUpDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() pid: string;
}

export class InboundEmailResponseDto {
  @ApiProperty({ enum: ['reply_added', 'ticket_created', 'follow_up_created', 'duplicate', 'ignored'] })
  status: string;
  @ApiPropertyOptional({
    description:
      'why an ignored mail was not acted on: unknown_sender, inactive_sender, auto_reply, no_sender',
  })
  reason?: string;
  @ApiPropertyOptional({ format: 'uuid' }) ticketId?: string;
  @ApiPropertyOptional() pid?: string;
  @ApiPropertyOptional({
    description: 'for follow_up_created: the closed ticket the mail answered, linked RELATED to the new one',
  })
  followUpOf?: InboundFollowUpDto;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) messageId?: string | null;
  @ApiProperty({ type: 'array', items: { type: 'object' } })
  attachments: Array<{ id: string; filename: string }>;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'attachments refused by the upload checks',
  })
  skippedAttachments: Array<{ filename: string; reason: string }>;
}
