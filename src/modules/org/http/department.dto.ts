import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { IsOptionalNotNull, QueryBoolean, Trim } from '../../../common/http/dto-helpers';

export class CreateDepartmentDto {
  /** Unique, compared case-insensitively */
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  /** Round-robin every new ticket of the department to its available agents (default false) */
  @IsOptionalNotNull()
  @IsBoolean()
  autoAssign?: boolean;

  /** the business calendar (`GET /business-calendars`) its SLA targets count in; without one they run 24×7 */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  calendarId?: string | null;
}

export class UpdateDepartmentDto {
  /** Unique, compared case-insensitively */
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  /** null clears it */
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @IsOptionalNotNull()
  @IsBoolean()
  autoAssign?: boolean;

  /** null: SLA targets run 24×7; tickets already open keep the due times they have */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  calendarId?: string | null;

  /** false deactivates, true reactivates */
  @IsOptionalNotNull()
  @IsBoolean()
  isActive?: boolean;
}

export class ListDepartmentsQueryDto extends PageQueryDto {
  /** ADMIN only: include deactivated departments (ignored for other roles) */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  includeInactive?: boolean;
}

@ApiSchema({ name: 'DepartmentResponse' })
export class DepartmentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  autoAssign: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) calendarId: string | null;
  isActive: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
