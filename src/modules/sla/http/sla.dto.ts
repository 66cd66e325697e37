import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsArray,
  IsEnum,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsOptionalNotNull, LowercaseUuid } from '../../../common/http/dto-helpers';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { TicketPriority } from '../../tickets/domain/ticket-enums';
import { NameField, NullableUuidField } from '../../../common/http/dto-fields';

/** a year of minutes: a longer target is a typing mistake */
const MAX_TARGET_MINUTES = 525_600;

export class CreateSlaPolicyDto {
  @ApiProperty({ enum: TicketPriority, enumName: 'TicketPriority' })
  @IsEnum(TicketPriority)
  priority: TicketPriority;

  /** business minutes to the first public staff reply */
  @IsInt()
  @Min(1)
  @Max(MAX_TARGET_MINUTES)
  firstResponseMinutes: number;

  /** business minutes to resolution (a service item's slaResolutionHours overrides it) */
  @IsInt()
  @Min(1)
  @Max(MAX_TARGET_MINUTES)
  resolutionMinutes: number;

  /** the department this policy is for; without it, the global policy of the priority */
  @NullableUuidField()
  departmentId?: string | null;
}

export class UpdateSlaPolicyDto {
  @ApiPropertyOptional({ enum: TicketPriority, enumName: 'TicketPriority' })
  @IsOptionalNotNull()
  @IsEnum(TicketPriority)
  priority?: TicketPriority;

  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_TARGET_MINUTES)
  firstResponseMinutes?: number;

  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_TARGET_MINUTES)
  resolutionMinutes?: number;

  /** null makes it the global policy of its priority */
  @NullableUuidField()
  departmentId?: string | null;
}

export class ListSlaPoliciesQueryDto extends PageQueryDto {
  @IsOptional()
  @LowercaseUuid()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ enum: TicketPriority, enumName: 'TicketPriority' })
  @IsOptional()
  @IsEnum(TicketPriority)
  priority?: TicketPriority;
}

export class SlaPolicyResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: TicketPriority, enumName: 'TicketPriority' }) priority: TicketPriority;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) departmentId: string | null;
  @ApiProperty() firstResponseMinutes: number;
  @ApiProperty() resolutionMinutes: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

const HOURS_SCHEMA = {
  type: 'object',
  description:
    'working intervals per weekday (mon, tue, wed, thu, fri, sat, sun) in the calendar’s timezone, several a day ' +
    'allowed, none overlapping or inverted; "24:00" ends a day; a weekday left out is not worked',
  additionalProperties: { type: 'array', items: { type: 'array', items: { type: 'string' } } },
  example: {
    mon: [
      ['09:00', '12:00'],
      ['13:00', '17:00'],
    ],
    sat: [],
    sun: [],
  },
} as const;

export class CreateBusinessCalendarDto {
  @NameField()
  @MaxLength(100)
  name: string;

  /** an IANA timezone, e.g. Europe/Berlin */
  @ApiProperty({ example: 'Europe/Berlin' })
  @IsString()
  @MaxLength(64)
  timezone: string;

  @ApiProperty(HOURS_SCHEMA)
  @IsObject()
  hours: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String], example: ['2026-12-25'], description: 'local dates YYYY-MM-DD' })
  @IsOptional()
  @IsArray()
  holidays?: unknown[];
}

export class UpdateBusinessCalendarDto {
  @NameField({ optional: true })
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(64)
  timezone?: string;

  @ApiPropertyOptional(HOURS_SCHEMA)
  @IsOptionalNotNull()
  @IsObject()
  hours?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String], example: ['2026-12-25'] })
  @IsOptionalNotNull()
  @IsArray()
  holidays?: unknown[];
}

export class BusinessCalendarResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() timezone: string;
  @ApiProperty(HOURS_SCHEMA) hours: Record<string, Array<[string, string]>>;
  @ApiProperty({ type: [String] }) holidays: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
