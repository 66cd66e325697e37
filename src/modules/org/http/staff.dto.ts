import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsEnum, IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { Role } from '../domain/role';
import { IsOptionalNotNull, LowercaseUuid } from '../../../common/http/dto-helpers';
import {
  NullableUuidField,
  FlagField,
  QueryFlagField,
  OptionalUuidField,
} from '../../../common/http/dto-fields';

const STAFF_ROLES = [Role.AGENT, Role.TEAM_LEAD, Role.ADMIN];

export class UpdateStaffDto {
  /** ADMIN only; to make someone an END_USER use PATCH /users/:id */
  @ApiPropertyOptional({ enum: STAFF_ROLES })
  @IsOptionalNotNull()
  @IsIn(STAFF_ROLES)
  role?: Role;

  /** ADMIN only; moving to another department leaves the old team unless teamId is given too */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptionalNotNull()
  @LowercaseUuid()
  @IsUUID()
  departmentId?: string;

  /** A team of the member's department; null removes them from their team */
  @NullableUuidField()
  teamId?: string | null;

  /** Takes round-robin assignments */
  @FlagField()
  available?: boolean;
}

export class ListStaffQueryDto extends PageQueryDto {
  @OptionalUuidField()
  departmentId?: string;

  @OptionalUuidField()
  teamId?: string;

  @ApiPropertyOptional({ enum: Role, enumName: 'Role' })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @QueryFlagField()
  available?: boolean;

  /** Include deactivated users */
  @QueryFlagField()
  includeInactive?: boolean;
}

@ApiSchema({ name: 'StaffResponse' })
export class StaffResponseDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  email: string;
  fullName: string;
  @ApiProperty({ enum: Role, enumName: 'Role' }) role: Role;
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) teamId: string | null;
  available: boolean;
  isActive: boolean;
}
