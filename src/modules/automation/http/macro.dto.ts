import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { IsOptionalNotNull } from '../../../common/http/dto-helpers';
import { TicketPriority, TicketStatus } from '../../tickets/domain/ticket-enums';
import { MacroActions } from '../domain/macro';
import {
  NameField,
  NestedField,
  NullableTextField,
  NullableUuidField,
} from '../../../common/http/dto-fields';

const ME_OR_UUID = /^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export class MacroTagsDto {
  /** tags to add (stored lower-cased) */
  @ApiPropertyOptional({ type: [String], example: ['duplicate'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  add: string[] = [];

  /** tags to remove */
  @ApiPropertyOptional({ type: [String], example: ['needs-triage'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  remove: string[] = [];
}

export class MacroReplyDto {
  @ApiProperty({ example: 'Thanks, this is a known issue; we will update you here.' })
  @IsString()
  @Length(1, 20000)
  body: string;

  /** an internal note instead of a public reply (default false) */
  @ApiPropertyOptional({ default: false })
  @IsOptionalNotNull()
  @IsBoolean()
  internal: boolean = false;
}

/** Each action is done exactly as by hand, in this order: assign, priority and tags, reply, status. */
export class MacroActionsDto {
  @ApiPropertyOptional({ enum: TicketStatus, enumName: 'TicketStatus', description: 'moved last' })
  @IsOptionalNotNull()
  @IsEnum(TicketStatus)
  status?: TicketStatus;

  @ApiPropertyOptional({ enum: TicketPriority, enumName: 'TicketPriority' })
  @IsOptionalNotNull()
  @IsEnum(TicketPriority)
  priority?: TicketPriority;

  @ApiPropertyOptional({ type: MacroTagsDto })
  @NestedField(() => MacroTagsDto, { optional: true })
  tags?: MacroTagsDto;

  @ApiPropertyOptional({
    description: 'a user to assign (an active AGENT or TEAM_LEAD of the ticket’s department), or `me`',
    example: 'me',
  })
  @IsOptionalNotNull()
  @IsString()
  @Matches(ME_OR_UUID, { message: 'assigneeId must be "me" or a UUID' })
  assigneeId?: string;

  @ApiPropertyOptional({ type: MacroReplyDto })
  @NestedField(() => MacroReplyDto, { optional: true })
  reply?: MacroReplyDto;
}

export class CreateMacroDto {
  /** unique within its department (or among macros for everyone), compared case-insensitively */
  @ApiProperty({ example: 'Known outage: acknowledge', maxLength: 100 })
  @NameField()
  @MaxLength(100)
  name: string;

  @NullableTextField(500)
  description?: string | null;

  @ApiProperty({
    type: MacroActionsDto,
    example: {
      priority: 'HIGH',
      tags: { add: ['outage'], remove: [] },
      assigneeId: 'me',
      reply: { body: 'We are on it.', internal: false },
      status: 'IN_PROGRESS',
    },
  })
  @NestedField(() => MacroActionsDto)
  actions: MacroActionsDto;

  /**
   * ADMIN only: the department whose staff use it, or null for every department (default: the ADMIN's own, else
   * every department). Other staff make macros for their own department.
   */
  @NullableUuidField()
  departmentId?: string | null;
}

export class UpdateMacroDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @NameField({ optional: true })
  @MaxLength(100)
  name?: string;

  /** null clears it */
  @NullableTextField(500)
  description?: string | null;

  /** replaces every action */
  @ApiPropertyOptional({ type: MacroActionsDto })
  @NestedField(() => MacroActionsDto, { optional: true })
  actions?: MacroActionsDto;
}

export class MacroResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ type: MacroActionsDto }) actions: MacroActions;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: for every department' })
  departmentId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
