import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { IsOptionalNotNull, LowercaseUuid } from '../../../common/http/dto-helpers';
import {
  NameField,
  NullableUuidField,
  FlagField,
  QueryFlagField,
  OptionalUuidField,
} from '../../../common/http/dto-fields';

export class CreateTeamDto {
  @ApiProperty({ format: 'uuid' })
  @LowercaseUuid()
  @IsUUID()
  departmentId: string;

  /** Unique within the department, compared case-insensitively */
  @NameField()
  @MaxLength(100)
  name: string;

  /** An active TEAM_LEAD (or ADMIN) of the department */
  @NullableUuidField()
  leadId?: string | null;
}

export class UpdateTeamDto {
  /** Moving a team is refused while it has members */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptionalNotNull()
  @LowercaseUuid()
  @IsUUID()
  departmentId?: string;

  @NameField({ optional: true })
  @MaxLength(100)
  name?: string;

  /** null removes the lead */
  @NullableUuidField()
  leadId?: string | null;

  /** false deactivates, true reactivates */
  @FlagField()
  isActive?: boolean;
}

export class ListTeamsQueryDto extends PageQueryDto {
  @OptionalUuidField()
  departmentId?: string;

  /** ADMIN only: include deactivated teams (ignored for other roles) */
  @QueryFlagField()
  includeInactive?: boolean;
}

@ApiSchema({ name: 'TeamResponse' })
export class TeamResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  name: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) leadId: string | null;
  isActive: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
