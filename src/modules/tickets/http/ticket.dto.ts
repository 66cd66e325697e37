import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { QueryBoolean, Trim } from '../../../common/http/dto-helpers';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { HistoryType, TicketPriority, TicketStatus, TicketVisibility } from '../domain/ticket-enums';
import { TICKET_SORTS, TicketSort } from '../domain/ticket-query';
import { CUSTOM_FIELDS_LIMITS, JsonWithin } from '../../../common/http/json-limits.validator';

/** `a,b` and `x=a&x=b` both become ['a', 'b']. */
const toList = ({ value }: { value: unknown }): unknown =>
  value === undefined
    ? undefined
    : (Array.isArray(value) ? (value as unknown[]) : [value]).flatMap((v: unknown): unknown[] =>
        typeof v === 'string'
          ? v
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s.length > 0)
          : [v],
      );

/** with a template, title and description may come from it instead */
const unlessTemplated = (field: 'title' | 'description') =>
  ValidateIf((o: CreateTicketDto) => o.templateId === undefined || o[field] !== undefined);

export class CreateTicketDto {
  /** A ticket template: it fills every field this request leaves out (customFields key by key); the result is checked as if sent in full */
  @IsOptional()
  @IsUUID()
  templateId?: string;

  /**
   * 3–200 characters; may come from the template
   * @example "The printer on floor 3 jams on every job"
   */
  @Trim()
  @unlessTemplated('title')
  @IsString()
  @Length(3, 200)
  title?: string;

  /**
   * 1–20000 characters; may come from the template
   * @example "Since this morning it shows error E-52 after the first page."
   */
  @unlessTemplated('description')
  @IsString()
  @Length(1, 20000)
  description?: string;

  @IsOptional()
  @IsEnum(TicketPriority)
  priority?: TicketPriority;

  /** The department that works the ticket; a service item's department wins, else the category's is used. Without any, only admins see it. */
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  /** An active item of the service catalog: it decides the department, the category and the default priority, validates customFields against its form, and may require approval (the ticket then starts PENDING_APPROVAL) */
  @IsOptional()
  @IsUUID()
  serviceItemId?: string;

  /** An active service category (with serviceItemId, the item's category is used) */
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  /** Up to 20 tags of at most 50 characters, stored lower-cased */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  tags?: string[];

  /** Free-form fields (validated against the service item's formSchema when it has one); at most 16 KiB as JSON, 100 keys
   * in all and 5 levels of nesting */
  @IsOptional()
  @IsObject()
  @JsonWithin(CUSTOM_FIELDS_LIMITS)
  customFields?: Record<string, unknown>;

  @IsOptional()
  @IsEnum(TicketVisibility)
  visibility?: TicketVisibility;
}

export class UpdateTicketDto {
  @Trim()
  @IsOptional()
  @IsString()
  @Length(3, 200)
  title?: string;

  @IsOptional()
  @IsString()
  @Length(1, 20000)
  description?: string;

  @IsOptional()
  @IsEnum(TicketPriority)
  priority?: TicketPriority;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  tags?: string[];

  /** null clears it */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsUUID()
  categoryId?: string | null;

  /** a team of the ticket's department; null clears it */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsUUID()
  teamId?: string | null;

  @IsOptional()
  @IsEnum(TicketVisibility)
  visibility?: TicketVisibility;

  /** Free-form fields; at most 16 KiB as JSON, 100 keys in all and 5 levels of nesting */
  @IsOptional()
  @IsObject()
  @JsonWithin(CUSTOM_FIELDS_LIMITS)
  customFields?: Record<string, unknown>;
}

export class ListTicketsQueryDto extends PageQueryDto {
  /** keyset paging: `pagination.nextCursor` of the previous page (then `page` is ignored; `total` still counts the whole list) */
  @ApiPropertyOptional({
    description:
      'Keyset paging for deep pages: the `pagination.nextCursor` of the previous page, for the same filters and ' +
      'sort. `page` is then ignored; `pagination.total` still counts the whole list.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;

  /** repeatable or comma-separated */
  @ApiPropertyOptional({ enum: TicketStatus, isArray: true })
  @IsOptional()
  @Transform(toList)
  @IsEnum(TicketStatus, { each: true })
  @ArrayMaxSize(7)
  status?: TicketStatus[];

  @ApiPropertyOptional({ enum: TicketPriority, isArray: true })
  @IsOptional()
  @Transform(toList)
  @IsEnum(TicketPriority, { each: true })
  @ArrayMaxSize(4)
  priority?: TicketPriority[];

  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @IsOptional()
  @IsUUID()
  teamId?: string;

  /** `me`, `none` (unassigned) or a user id */
  @IsOptional()
  @Matches(/^(me|none|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/, {
    message: 'assigneeId must be me, none or a UUID',
  })
  assigneeId?: string;

  @IsOptional()
  @IsUUID()
  requesterId?: string;

  @IsOptional()
  @IsUUID()
  serviceItemId?: string;

  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  tag?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  createdFrom?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  createdTo?: string;

  /** tickets whose resolution is due before this instant (those without a due time never match) */
  @IsOptional()
  @IsISO8601({ strict: true })
  dueBefore?: string;

  /** `true`: tickets with a breached SLA target (first response or resolution); `false`: without one */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  breached?: boolean;

  /** full-text search over title, description and messages (internal notes only for staff) */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  /** `-createdAt` (default), `createdAt`, `priority` (most urgent first), `-updatedAt`, `dueAt` (soonest first, none last) */
  @IsOptional()
  @IsIn(TICKET_SORTS)
  sort?: TicketSort;

  /**
   * a saved view (`GET /views`) whose filters apply, under your own scope; parameters given here as well replace the
   * view's own
   */
  @IsOptional()
  @IsUUID()
  view?: string;
}

export class SummaryQueryDto {
  @IsOptional()
  @IsUUID()
  departmentId?: string;
}

export class ChangeStatusDto {
  @IsEnum(TicketStatus)
  status: TicketStatus;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class AddMessageDto {
  /** @example "We replaced the fuser; could you try again?" */
  @IsString()
  @Length(1, 20000)
  body: string;

  /** an internal note, visible to staff only */
  @IsOptional()
  @IsBoolean()
  internal?: boolean;
}

export class GrantAccessDto {
  @IsUUID()
  userId: string;
}

export class TimelinePageQueryDto extends PageQueryDto {}

export class SlaTargetResponseDto {
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description:
      'null while the clock is paused (unless already breached or decided), or without this target',
  })
  dueAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) breachedAt: string | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description:
      'true once met in time; false once breached (or met late); null while the clock still runs. First response ' +
      'is met by the first public staff reply; resolution by RESOLVED (or CLOSED), and a reopen runs it again',
  })
  met: boolean | null;
}

export class SlaResponseDto {
  @ApiProperty({ type: SlaTargetResponseDto }) firstResponse: SlaTargetResponseDto;
  @ApiProperty({ type: SlaTargetResponseDto }) resolution: SlaTargetResponseDto;
  @ApiProperty({ description: 'the clock stands still while the ticket is PENDING_USER or PENDING_APPROVAL' })
  paused: boolean;
}

export class TicketResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'TKT-202611-000042' }) pid: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: TicketStatus, enumName: 'TicketStatus' }) status: TicketStatus;
  @ApiProperty({ enum: TicketPriority, enumName: 'TicketPriority' }) priority: TicketPriority;
  @ApiProperty({ format: 'uuid' }) requesterId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) departmentId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) teamId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assigneeId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) serviceItemId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) categoryId: string | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ enum: TicketVisibility, enumName: 'TicketVisibility' }) visibility: TicketVisibility;
  @ApiProperty({ type: 'object', additionalProperties: true }) customFields: Record<string, unknown>;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) dueAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) firstResponseAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) resolvedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'the ticket this one was merged into (it is then CLOSED); null otherwise',
  })
  mergedIntoId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ description: 'optimistic-locking version; send it as If-Match on PATCH' }) version: number;
  @ApiProperty({
    type: SlaResponseDto,
    nullable: true,
    description:
      'service-level targets in business minutes of the department calendar; null without a policy',
  })
  sla: SlaResponseDto | null;
}

export class MessageResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) authorId: string | null;
  @ApiProperty() body: string;
  @ApiProperty() internal: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class HistoryResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: HistoryType, enumName: 'HistoryType' }) type: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null for the system' })
  actorId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
}

export class SummaryResponseDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { OPEN: 3, IN_PROGRESS: 1 },
  })
  byStatus: Record<string, number>;
}

export class GrantResponseDto {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
}
