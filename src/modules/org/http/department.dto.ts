import { ApiProperty, ApiPropertyOptional, ApiSchema, PartialType } from '@nestjs/swagger';
import { MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import {
  NameField,
  NullableTextField,
  NullableUuidField,
  FlagField,
  QueryFlagField,
} from '../../../common/http/dto-fields';

export class CreateDepartmentDto {
  /** Unique, compared case-insensitively */
  @NameField()
  @MaxLength(100)
  name: string;

  @NullableTextField(2000)
  description?: string | null;

  /** Round-robin every new ticket of the department to its available agents (default false) */
  @FlagField()
  autoAssign?: boolean;

  /** the business calendar (`GET /business-calendars`) its SLA targets count in; without one they run 24×7 */
  @NullableUuidField()
  calendarId?: string | null;
}

/**
 * Every field may be left out; a field sent is validated as on creation, so a null name or autoAssign is refused while a
 * null description or calendar clears it.
 */
export class UpdateDepartmentDto extends PartialType(CreateDepartmentDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ description: 'null clears it' })
  override description?: string | null;

  @ApiPropertyOptional({
    description: 'Round-robin every new ticket of the department to its available agents',
  })
  override autoAssign?: boolean;

  @ApiPropertyOptional({
    description: 'null: SLA targets run 24×7; tickets already open keep the due times they have',
  })
  override calendarId?: string | null;

  /** false deactivates, true reactivates */
  @FlagField()
  isActive?: boolean;
}

export class ListDepartmentsQueryDto extends PageQueryDto {
  /** ADMIN only: include deactivated departments (ignored for other roles) */
  @QueryFlagField()
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
