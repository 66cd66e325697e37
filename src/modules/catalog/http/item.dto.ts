import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions, PartialType } from '@nestjs/swagger';
import {
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsOptionalNotNull } from '../../../common/http/dto-helpers';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { TicketPriority } from '../../tickets/domain/ticket-enums';
import {
  NameField,
  FlagField,
  QueryFlagField,
  OptionalUuidField,
  UuidField,
} from '../../../common/http/dto-fields';

/** `approval` of a service item. */
export class ApprovalStepDto {
  @ApiProperty({
    enum: ['ALL', 'ANY'],
    description: 'ALL: every approver must approve; ANY: one approval passes the step',
  })
  mode: string;

  @ApiProperty({
    description: 'A named user, or the team leads of a department found when the step opens',
    type: 'array',
    items: {
      oneOf: [
        { type: 'object', properties: { userId: { type: 'string', format: 'uuid' } }, required: ['userId'] },
        {
          type: 'object',
          properties: {
            role: { type: 'string', enum: ['TEAM_LEAD'] },
            scope: { type: 'string', enum: ['REQUESTER_DEPARTMENT', 'ITEM_DEPARTMENT'] },
          },
          required: ['role', 'scope'],
        },
      ],
    },
    example: [
      { userId: '6f1c7a52-4b0e-4b8e-9a55-0d4c1f1b2a10' },
      { role: 'TEAM_LEAD', scope: 'ITEM_DEPARTMENT' },
    ],
  })
  approvers: object[];
}

export class ApprovalChainDto {
  @ApiProperty({ type: [ApprovalStepDto], minItems: 1, maxItems: 10 })
  steps: ApprovalStepDto[];
}

const FORM_SCHEMA_DOC = {
  type: 'object' as const,
  additionalProperties: true,
  nullable: true,
  description:
    'JSON Schema (draft 2020-12) of the customFields of this item’s tickets, at most 32 KiB; it must compile ' +
    '(else 400 naming the problem). Formats such as email and date are checked. A form is flat and cannot slow the ' +
    'server down: `$ref` only as "#/$defs/<name>" into its own root definitions and never recursive; no $id below ' +
    'the root, $anchor, $dynamicRef or $recursiveRef; at most 5000 subschemas (each $ref counted as a copy) nested ' +
    'at most 32 deep. `pattern` and `patternProperties` run on RE2, a linear-time engine, with their ECMAScript ' +
    'meaning; patterns it cannot run (backreferences, lookahead, lookbehind, too large repetitions) are refused, ' +
    'and so are Unicode property or class escapes it has no exact equivalent for: binary properties such as ' +
    '\\p{Lowercase}, Script_Extensions, short script names such as \\p{sc=Grek}, and \\S inside a [class] ' +
    '(\\p{Letter}, \\p{gc=Lu}, \\p{sc=Greek}, \\p{ASCII} and \\p{Any} are accepted). ' +
    'A form saved before these rules that breaks them makes filing a ticket for the item 409 CONFLICT ' +
    '(serviceItemId) until an administrator fixes it.',
  example: {
    type: 'object',
    required: ['model'],
    properties: { model: { type: 'string', enum: ['X1', 'X2'] }, quantity: { type: 'integer', minimum: 1 } },
    additionalProperties: false,
  },
};

const APPROVAL_DOC = {
  type: ApprovalChainDto,
  nullable: true,
  description:
    'Steps run in order. A ticket of an item with a chain starts PENDING_APPROVAL. REQUESTER_DEPARTMENT means the ' +
    'requester’s department, or the item’s for a requester without one (END_USERs). Named users must be active.',
};

/** The default priority of an item's tickets: optional, never null. */
const PriorityField = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ enum: TicketPriority, enumName: 'TicketPriority' }),
    IsOptionalNotNull(),
    IsEnum(TicketPriority),
  );

/** An item's resolution target in hours, a year at most; null for none. */
const SlaHoursField = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 8760 }),
    IsOptional(),
    IsInt(),
    Min(1),
    Max(8760),
  );

/** A JSON object documented by `doc`; null clears it. */
const ObjectField = (doc: ApiPropertyOptions): PropertyDecorator =>
  applyDecorators(ApiPropertyOptional(doc), IsOptional(), IsObject());

export class CreateItemDto {
  @UuidField()
  categoryId: string;

  /** Unique within its category */
  @NameField()
  @MaxLength(200)
  name: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  description: string;

  /** The department that works the item’s tickets */
  @UuidField()
  departmentId: string;

  /** The priority of its tickets when the request names none (default MEDIUM) */
  @PriorityField()
  defaultPriority?: TicketPriority;

  /** Resolution target in hours; overrides the SLA policy’s for its tickets */
  @SlaHoursField()
  slaResolutionHours?: number | null;

  @ObjectField(FORM_SCHEMA_DOC)
  formSchema?: Record<string, unknown> | null;

  @ObjectField(APPROVAL_DOC)
  approval?: Record<string, unknown> | null;
}

/**
 * Every field may be left out; a field sent is validated as on creation, so null is refused but for
 * slaResolutionHours (removes the override), formSchema (removes the form: customFields are then free-form) and
 * approval (removes the chain; tickets already waiting keep the chain they started with).
 */
export class UpdateItemDto extends PartialType(CreateItemDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({
    enum: TicketPriority,
    enumName: 'TicketPriority',
    description: 'The priority of its tickets when the request names none',
  })
  override defaultPriority?: TicketPriority;

  @ApiPropertyOptional({ description: 'null removes the override' })
  override slaResolutionHours?: number | null;

  /** false deactivates, true reactivates */
  @FlagField()
  isActive?: boolean;
}

export class ListItemsQueryDto extends PageQueryDto {
  @OptionalUuidField()
  categoryId?: string;

  /** include deactivated items */
  @QueryFlagField()
  includeInactive?: boolean;
}

export class ItemResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) categoryId: string;
  @ApiProperty({ example: 'New laptop' }) name: string;
  @ApiProperty() description: string;
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty({ enum: TicketPriority, enumName: 'TicketPriority' }) defaultPriority: TicketPriority;
  @ApiProperty({ type: Number, nullable: true }) slaResolutionHours: number | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  formSchema: Record<string, unknown> | null;
  @ApiProperty({ type: ApprovalChainDto, nullable: true }) approval: ApprovalChainDto | null;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ description: 'bumped on every change' }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
