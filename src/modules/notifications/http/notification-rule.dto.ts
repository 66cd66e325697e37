import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { IsOptionalNotNull } from '../../../common/http/dto-helpers';
import { TicketPriority, TicketStatus } from '../../tickets/domain/ticket-enums';
import {
  RULE_CHANNELS,
  RULE_EVENTS,
  RULE_PARTIES,
  RULE_ROLES,
  RuleChannel,
} from '../domain/notification-rule';
import { OptionalUuidField, NestedField } from '../../../common/http/dto-fields';

export class RuleConditionsDto {
  /** only tickets of this department */
  @OptionalUuidField()
  departmentId?: string;

  /** only tickets of this priority (after the change) */
  @ApiPropertyOptional({ enum: TicketPriority, enumName: 'TicketPriority' })
  @IsOptional()
  @IsEnum(TicketPriority)
  priority?: TicketPriority;

  /** only tickets in this status (after the change) */
  @ApiPropertyOptional({ enum: TicketStatus, enumName: 'TicketStatus' })
  @IsOptional()
  @IsEnum(TicketStatus)
  status?: TicketStatus;
}

const PARTY_SCHEMA = { type: 'string', enum: [...RULE_PARTIES] };
const USER_SCHEMA = {
  type: 'object',
  properties: { userId: { type: 'string', format: 'uuid' } },
  required: ['userId'],
};
const ROLE_SCHEMA = {
  type: 'object',
  properties: { role: { type: 'string', enum: [...RULE_ROLES] } },
  required: ['role'],
};
const RECIPIENT_SCHEMA = { oneOf: [PARTY_SCHEMA, USER_SCHEMA, ROLE_SCHEMA] };

const RECIPIENTS_DESCRIPTION =
  'REQUESTER, ASSIGNEE, TEAM_LEADS (of the ticket’s department), {userId}, or {role}: ADMIN (all admins), AGENT or ' +
  'TEAM_LEAD (of the ticket’s department). Only people who may read the ticket are told; END_USERs never hear of ' +
  'internal notes; nobody is told of their own action; one notice per person and channel whatever the rules.';

export class CreateNotificationRuleDto {
  @ApiProperty({ enum: RULE_EVENTS, description: 'an event type, or "*" for every one' })
  @IsString()
  @MaxLength(60)
  event: string;

  @ApiPropertyOptional({ type: RuleConditionsDto, description: 'all given conditions must hold' })
  @NestedField(() => RuleConditionsDto, { optional: true })
  conditions?: RuleConditionsDto;

  @ApiProperty({ type: 'array', items: RECIPIENT_SCHEMA, description: RECIPIENTS_DESCRIPTION })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  recipients: unknown[];

  @ApiProperty({ enum: RULE_CHANNELS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @IsIn(RULE_CHANNELS, { each: true })
  channels: RuleChannel[];
}

export class UpdateNotificationRuleDto {
  @ApiPropertyOptional({ enum: RULE_EVENTS })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(60)
  event?: string;

  @ApiPropertyOptional({ type: RuleConditionsDto, description: 'replaces the conditions ({} for none)' })
  @NestedField(() => RuleConditionsDto, { optional: true })
  conditions?: RuleConditionsDto;

  @ApiPropertyOptional({ type: 'array', items: RECIPIENT_SCHEMA, description: RECIPIENTS_DESCRIPTION })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  recipients?: unknown[];

  @ApiPropertyOptional({ enum: RULE_CHANNELS, isArray: true })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @IsIn(RULE_CHANNELS, { each: true })
  channels?: RuleChannel[];
}

export class NotificationRuleResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() event: string;
  @ApiProperty({ type: RuleConditionsDto }) conditions: Record<string, string>;
  @ApiProperty({ type: 'array', items: RECIPIENT_SCHEMA }) recipients: unknown[];
  @ApiProperty({ enum: RULE_CHANNELS, isArray: true }) channels: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
