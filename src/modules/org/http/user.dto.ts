import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsEmail, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { Role } from '../domain/role';
import { IsOptionalNotNull, Trim } from '../../../common/http/dto-helpers';
import { NameField, NullableUuidField, FlagField, QueryFlagField } from '../../../common/http/dto-fields';

export class CreateUserDto {
  /** Stored lower-cased; unique case-insensitively */
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ description: '10 to 72 bytes of UTF-8', minLength: 10, maxLength: 72 })
  @IsString()
  password: string;

  @NameField()
  @MaxLength(200)
  fullName: string;

  @ApiProperty({ enum: Role, enumName: 'Role' })
  @IsEnum(Role)
  role: Role;

  /** Required for AGENT and TEAM_LEAD, optional for ADMIN, refused for END_USER */
  @NullableUuidField()
  departmentId?: string | null;

  /** A team of that department */
  @NullableUuidField()
  teamId?: string | null;
}

export class UpdateUserDto {
  @NameField({ optional: true })
  @MaxLength(200)
  fullName?: string;

  /** A change of role takes effect on the user's next request */
  @ApiPropertyOptional({ enum: Role, enumName: 'Role' })
  @IsOptionalNotNull()
  @IsEnum(Role)
  role?: Role;

  /** false deactivates and ends every session of the user */
  @FlagField()
  isActive?: boolean;

  /** null removes the user from their department (not allowed for AGENT and TEAM_LEAD) */
  @NullableUuidField()
  departmentId?: string | null;

  /** null removes the user from their team */
  @NullableUuidField()
  teamId?: string | null;
}

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Role, enumName: 'Role' })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  /** Only active (true) or only deactivated (false) users; by default active ones */
  @QueryFlagField()
  isActive?: boolean;

  /** Active and deactivated users alike (when isActive is not given) */
  @QueryFlagField()
  includeInactive?: boolean;

  /** Case-insensitive prefix of the email or the full name */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(254)
  q?: string;
}

@ApiSchema({ name: 'UserResponse' })
export class UserResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  email: string;
  fullName: string;
  @ApiProperty({ enum: Role, enumName: 'Role' }) role: Role;
  isActive: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) departmentId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) teamId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
