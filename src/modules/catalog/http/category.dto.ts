import { MaxLength } from 'class-validator';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { NameField, NullableTextField, NullableUuidField, FlagField } from '../../../common/http/dto-fields';

export class CreateCategoryDto {
  /** Unique among its siblings, compared case-insensitively */
  @NameField()
  @MaxLength(100)
  name: string;

  @NullableTextField(2000)
  description?: string | null;

  /** The department that works tickets filed under this category without a service item */
  @NullableUuidField()
  departmentId?: string | null;

  /** The parent category (an active one); none for a top-level category */
  @NullableUuidField()
  parentId?: string | null;
}

/**
 * Every field may be left out; a field sent is validated as on creation, so a null name is refused while a null
 * description, department or parent clears it.
 */
export class UpdateCategoryDto extends PartialType(CreateCategoryDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ description: 'null clears it' })
  override description?: string | null;

  @ApiPropertyOptional({ description: 'null clears it' })
  override departmentId?: string | null;

  @ApiPropertyOptional({
    description:
      'Moves the category; null makes it top-level. A move that would make it its own ancestor is 400.',
  })
  override parentId?: string | null;

  /** false deactivates, true reactivates */
  @FlagField()
  isActive?: boolean;
}

export class CategoryResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Hardware' }) name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) departmentId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentId: string | null;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
