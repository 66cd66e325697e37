import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { IsOptionalNotNull, LowercaseUuid, QueryBoolean, Trim } from '../../../common/http/dto-helpers';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { OptionalInstantField, OptionalUuidField } from '../../../common/http/dto-fields';
import { TicketPriority, TicketStatus, TicketVisibility } from '../domain/ticket-enums';
import { listValues, TICKET_SORTS, TicketSort } from '../domain/ticket-query';
import { CUSTOM_FIELDS_LIMITS, JsonWithin } from '../../../common/http/json-limits.validator';
import { QuickQuery } from '../../../common/http/quick-query';
import { MAX_CURSOR_LENGTH, MAX_PRIORITIES, MAX_STATUSES, readListQuery } from './list-query.quick';

/** `a,b` and `x=a&x=b` both become ['a', 'b'], as a saved view's filters do. */
const toList = ({ value }: { value: unknown }): unknown =>
  value === undefined ? undefined : listValues(value);

/** with a template, title and description may come from it instead */
const unlessTemplated = (field: 'title' | 'description') =>
  ValidateIf((o: CreateTicketDto) => o.templateId === undefined || o[field] !== undefined);

export class CreateTicketDto {
  /** A ticket template: it fills every field this request leaves out (customFields key by key); the result is checked as if sent in full */
  @OptionalUuidField()
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
  @OptionalUuidField()
  departmentId?: string;

  /** An active item of the service catalog: it decides the department, the category and the default priority, validates customFields against its form, and may require approval (the ticket then starts PENDING_APPROVAL) */
  @OptionalUuidField()
  serviceItemId?: string;

  /** An active service category (with serviceItemId, the item's category is used) */
  @OptionalUuidField()
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

/** A field left out stays as it is; null is refused for every field but categoryId and teamId, which it clears. */
export class UpdateTicketDto {
  @Trim()
  @IsOptionalNotNull()
  @IsString()
  @Length(3, 200)
  title?: string;

  @IsOptionalNotNull()
  @IsString()
  @Length(1, 20000)
  description?: string;

  @IsOptionalNotNull()
  @IsEnum(TicketPriority)
  priority?: TicketPriority;

  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  tags?: string[];

  /** null clears it */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @LowercaseUuid()
  @IsUUID()
  categoryId?: string | null;

  /** a team of the ticket's department; null clears it */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @LowercaseUuid()
  @IsUUID()
  teamId?: string | null;

  @IsOptionalNotNull()
  @IsEnum(TicketVisibility)
  visibility?: TicketVisibility;

  /** Free-form fields; at most 16 KiB as JSON, 100 keys in all and 5 levels of nesting */
  @IsOptionalNotNull()
  @IsObject()
  @JsonWithin(CUSTOM_FIELDS_LIMITS)
  customFields?: Record<string, unknown>;
}

@QuickQuery(readListQuery)
export class ListTicketsQueryDto extends PageQueryDto {
  /** keyset paging: `pagination.nextCursor` of the previous page (then `page` is ignored; `total` still counts the whole list) */
  @ApiPropertyOptional({
    description:
      'Keyset paging for deep pages: the `pagination.nextCursor` of the previous page, for the same filters and ' +
      'sort. `page` is then ignored; `pagination.total` still counts the whole list.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  cursor?: string;

  /** repeatable or comma-separated */
  @ApiPropertyOptional({ enum: TicketStatus, isArray: true, maxItems: MAX_STATUSES })
  @IsOptional()
  @Transform(toList)
  @IsEnum(TicketStatus, { each: true })
  @ArrayMaxSize(MAX_STATUSES)
  status?: TicketStatus[];

  @ApiPropertyOptional({ enum: TicketPriority, isArray: true, maxItems: MAX_PRIORITIES })
  @IsOptional()
  @Transform(toList)
  @IsEnum(TicketPriority, { each: true })
  @ArrayMaxSize(MAX_PRIORITIES)
  priority?: TicketPriority[];

  @OptionalUuidField()
  departmentId?: string;

  @OptionalUuidField()
  teamId?: string;

  /** `me`, `none` (unassigned) or a user id */
  @IsOptional()
  @Matches(/^(me|none|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/, {
    message: 'assigneeId must be me, none or a UUID',
  })
  assigneeId?: string;

  @OptionalUuidField()
  requesterId?: string;

  @OptionalUuidField()
  serviceItemId?: string;

  @OptionalUuidField()
  categoryId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  tag?: string;

  /** tickets created at or after this instant (ISO 8601; without an offset, UTC) */
  @OptionalInstantField()
  createdFrom?: string;

  /** tickets created before this instant (ISO 8601; without an offset, UTC) */
  @OptionalInstantField()
  createdTo?: string;

  /** tickets whose resolution is due before this instant (those without a due time never match) */
  @OptionalInstantField()
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
  @OptionalUuidField()
  view?: string;
}

export class SummaryQueryDto {
  @OptionalUuidField()
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
  @LowercaseUuid()
  @IsUUID()
  userId: string;
}

export class TimelinePageQueryDto extends PageQueryDto {}
