import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { IsOptionalNotNull, Trim } from '../../../common/http/dto-helpers';

const nullableOptional = () => ValidateIf((_o: object, v: unknown) => v !== null && v !== undefined);

export class CreateCategoryDto {
  /** Unique among its siblings, compared case-insensitively */
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

  /** The department that works tickets filed under this category without a service item */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  departmentId?: string | null;

  /** The parent category (an active one); none for a top-level category */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;
}

export class UpdateCategoryDto {
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

  /** null clears it */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @nullableOptional()
  @IsUUID()
  departmentId?: string | null;

  /** Moves the category; null makes it top-level. A move that would make it its own ancestor is 400. */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @nullableOptional()
  @IsUUID()
  parentId?: string | null;

  /** false deactivates, true reactivates */
  @IsOptionalNotNull()
  @IsBoolean()
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
