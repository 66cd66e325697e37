import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { IsOptionalNotNull, QueryBoolean, Trim } from '../../../common/http/dto-helpers';

export class CreateTeamDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  departmentId: string;

  /** Unique within the department, compared case-insensitively */
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  /** An active TEAM_LEAD (or ADMIN) of the department */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  leadId?: string | null;
}

export class UpdateTeamDto {
  /** Moving a team is refused while it has members */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptionalNotNull()
  @IsUUID()
  departmentId?: string;

  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  /** null removes the lead */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  leadId?: string | null;

  /** false deactivates, true reactivates */
  @IsOptionalNotNull()
  @IsBoolean()
  isActive?: boolean;
}

export class ListTeamsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  /** ADMIN only: include deactivated teams (ignored for other roles) */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
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
