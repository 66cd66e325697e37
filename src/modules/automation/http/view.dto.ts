import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '../../../common/http/dto-helpers';
import { NameField, FlagField } from '../../../common/http/dto-fields';

const FILTERS_DESCRIPTION =
  'the query parameters of `GET /tickets` as an object: status, priority (a value, a list or a comma list), ' +
  'departmentId, teamId, assigneeId (`me`, `none` or a UUID; `me` is whoever uses the view), requesterId, ' +
  'serviceItemId, categoryId, tag, createdFrom, createdTo, q, sort. Unknown names and bad values are 400';
const FILTERS_EXAMPLE = { priority: 'URGENT', status: ['OPEN', 'IN_PROGRESS'], assigneeId: 'me' };

export class CreateViewDto {
  /** Unique among your views, compared case-insensitively */
  @ApiProperty({ example: 'My urgent work', maxLength: 100 })
  @NameField()
  @MaxLength(100)
  name: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: FILTERS_DESCRIPTION,
    example: FILTERS_EXAMPLE,
  })
  @IsObject()
  filters: Record<string, unknown>;

  /** Staff only: share the view with your department (default false) */
  @ApiPropertyOptional({ default: false })
  @FlagField()
  shared?: boolean;
}

export class UpdateViewDto {
  @ApiPropertyOptional({ example: 'Urgent, unassigned', maxLength: 100 })
  @NameField({ optional: true })
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: `replaces the filters: ${FILTERS_DESCRIPTION}`,
    example: { priority: 'URGENT', assigneeId: 'none' },
  })
  @IsOptionalNotNull()
  @IsObject()
  filters?: Record<string, unknown>;

  /** true shares it with your department (staff); false makes it private again (its owner only) */
  @ApiPropertyOptional()
  @FlagField()
  shared?: boolean;
}

export class ViewResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'My urgent work' }) name: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'the filters in normal form: lists as arrays, instants in ISO 8601 UTC',
    example: { priority: ['URGENT'], status: ['OPEN', 'IN_PROGRESS'], assigneeId: 'me' },
  })
  filters: Record<string, string | string[]>;
  @ApiProperty() shared: boolean;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'the department a shared view is visible to',
  })
  departmentId: string | null;
  @ApiProperty({ format: 'uuid' }) ownerId: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
