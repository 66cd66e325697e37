import { ApiProperty, PickType } from '@nestjs/swagger';
import { CategoryResponseDto } from './category.dto';
import { ItemResponseDto } from './item.dto';

/** An active item as the catalog shows it: the item's own fields, without its approval chain and bookkeeping. */
export class CatalogItemDto extends PickType(ItemResponseDto, [
  'id',
  'categoryId',
  'name',
  'description',
  'departmentId',
  'defaultPriority',
  'slaResolutionHours',
] as const) {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'the form to fill as customFields',
  })
  formSchema: Record<string, unknown> | null;
  @ApiProperty({ description: 'tickets of this item start PENDING_APPROVAL' }) requiresApproval: boolean;
}

/** An active category as the catalog shows it, with its active items and subcategories. */
export class CatalogCategoryDto extends PickType(CategoryResponseDto, [
  'id',
  'name',
  'description',
  'departmentId',
  'parentId',
] as const) {
  @ApiProperty({ type: [CatalogItemDto] }) items: CatalogItemDto[];
  @ApiProperty({ type: () => [CatalogCategoryDto], description: 'active subcategories' })
  children: CatalogCategoryDto[];
}

export class CatalogResponseDto {
  @ApiProperty({ type: [CatalogCategoryDto], description: 'top-level active categories, by name' })
  categories: CatalogCategoryDto[];
}
