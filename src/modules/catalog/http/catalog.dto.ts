import { ApiProperty } from '@nestjs/swagger';
import { TicketPriority } from '../../tickets/domain/ticket-enums';

export class CatalogItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) categoryId: string;
  @ApiProperty({ example: 'New laptop' }) name: string;
  @ApiProperty() description: string;
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty({ enum: TicketPriority, enumName: 'TicketPriority' }) defaultPriority: TicketPriority;
  @ApiProperty({ type: Number, nullable: true }) slaResolutionHours: number | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'the form to fill as customFields',
  })
  formSchema: Record<string, unknown> | null;
  @ApiProperty({ description: 'tickets of this item start PENDING_APPROVAL' }) requiresApproval: boolean;
}

export class CatalogCategoryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Hardware' }) name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) departmentId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentId: string | null;
  @ApiProperty({ type: [CatalogItemDto] }) items: CatalogItemDto[];
  @ApiProperty({ type: () => [CatalogCategoryDto], description: 'active subcategories' })
  children: CatalogCategoryDto[];
}

export class CatalogResponseDto {
  @ApiProperty({ type: [CatalogCategoryDto], description: 'top-level active categories, by name' })
  categories: CatalogCategoryDto[];
}
