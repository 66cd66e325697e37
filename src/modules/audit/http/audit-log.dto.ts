import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { LowercaseUuid } from '../../../common/http/dto-helpers';
import { OptionalInstantField } from '../../../common/http/dto-fields';
import { PageQueryDto } from '../../../common/http/page-query.dto';

export class ListAuditLogQueryDto extends PageQueryDto {
  /** e.g. `user`, `department`, `team`, `staff`, `webhook`, `service_category`, `service_item`, `ticket_template`, `macro`, `saved_view`, `notification_rule` */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_]{1,40}$/, { message: 'entityType must be a lower-case entity name such as "department"' })
  entityType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;

  @IsOptional()
  @LowercaseUuid()
  @IsUUID()
  actorId?: string;

  /** entries at or after this instant (ISO 8601; without an offset, UTC) */
  @OptionalInstantField()
  from?: string;

  /** entries at or before this instant (ISO 8601; without an offset, UTC) */
  @OptionalInstantField()
  to?: string;

  /** keyset paging: `pagination.nextCursor` of the previous page (then `page` is ignored) */
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

@ApiSchema({ name: 'AuditEntryResponse' })
export class AuditEntryResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'null for changes made by the system',
  })
  actorId!: string | null;

  @ApiProperty({ example: 'department.updated' })
  action!: string;

  @ApiProperty({ example: 'department' })
  entityType!: string;

  @ApiProperty()
  entityId!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'the entity before the change (null when created); secrets show as "[REDACTED]"',
  })
  before!: unknown;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'the entity after the change (null when deleted); secrets show as "[REDACTED]"',
  })
  after!: unknown;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'X-Request-Id of the request that made the change',
  })
  requestId!: string | null;
}
