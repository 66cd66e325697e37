import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsObject,
  IsString,
  Length,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { Trim } from '../../../common/http/dto-helpers';
import { TicketPriority } from '../../tickets/domain/ticket-enums';
import { CUSTOM_FIELDS_LIMITS, JsonWithin } from '../../../common/http/json-limits.validator';
import { NameField, NullableUuidField } from '../../../common/http/dto-fields';

const nullableOptional = () => ValidateIf((_o: object, v: unknown) => v !== null && v !== undefined);

/** What a ticket filed from the template gets when the request leaves it out; null clears a field on PATCH. */
class TemplateFieldsDto {
  @ApiPropertyOptional({ type: String, nullable: true, minLength: 3, maxLength: 200 })
  @Trim()
  @nullableOptional()
  @IsString()
  @Length(3, 200)
  title?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 20000 })
  @nullableOptional()
  @IsString()
  @Length(1, 20000)
  description?: string | null;

  @ApiPropertyOptional({ enum: TicketPriority, enumName: 'TicketPriority', nullable: true })
  @nullableOptional()
  @IsEnum(TicketPriority)
  priority?: TicketPriority | null;

  @NullableUuidField()
  categoryId?: string | null;

  @NullableUuidField()
  serviceItemId?: string | null;

  @ApiPropertyOptional({ type: [String], nullable: true, maxItems: 20 })
  @nullableOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  tags?: string[] | null;

  /** merged key by key under the request’s customFields; at most 16 KiB as JSON, 100 keys
   * in all and 5 levels of nesting */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  @nullableOptional()
  @IsObject()
  @JsonWithin(CUSTOM_FIELDS_LIMITS)
  customFields?: Record<string, unknown> | null;

  @NullableUuidField()
  departmentId?: string | null;
}

export class CreateTemplateDto extends TemplateFieldsDto {
  @NameField()
  @MaxLength(100)
  name: string;
}

export class UpdateTemplateDto extends TemplateFieldsDto {
  @NameField({ optional: true })
  @MaxLength(100)
  name?: string;
}

export class TemplateResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Laptop request' }) name: string;
  @ApiProperty({ format: 'uuid', description: 'the author' }) ownerId: string;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ enum: TicketPriority, enumName: 'TicketPriority', nullable: true })
  priority: TicketPriority | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) categoryId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) serviceItemId: string | null;
  @ApiProperty({ type: [String], nullable: true }) tags: string[] | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  customFields: Record<string, unknown> | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) departmentId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
