import { Resource, Route } from '../../../common/http/route.decorator';
import { Body, Query } from '@nestjs/common';
import { ADMINS } from '../../../common/auth/role';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { absentAsNull } from '../../../common/http/absent-as-null';
import { IdParam } from '../../../common/http/id-param.pipe';
import { TicketPriority } from '../../tickets/domain/ticket-enums';
import { CategoriesService } from '../categories.service';
import { ServiceCatalogService } from '../service-catalog.service';
import { ServiceItemsService } from '../service-items.service';
import { CatalogResponseDto } from './catalog.dto';
import { CategoryResponseDto, CreateCategoryDto, UpdateCategoryDto } from './category.dto';
import { CreateItemDto, ItemResponseDto, ListItemsQueryDto, UpdateItemDto } from './item.dto';
import { toCategoryResponse, toItemResponse } from './catalog.mapper';

const CategoryId = () => IdParam('Service category');
const ItemId = () => IdParam('Service item');
const SIBLING_TAKEN = 'CONFLICT: a sibling has this name';
const ITEM_TAKEN = 'CONFLICT: the category has an item of this name';

@Resource('service catalog')
export class CatalogController {
  constructor(
    private readonly catalog: ServiceCatalogService,
    private readonly categories: CategoriesService,
    private readonly items: ServiceItemsService,
  ) {}

  @Route.get('service-catalog', CatalogResponseDto, {
    summary: 'The service catalog: active categories as a tree, each with its active items',
    description: 'Served from a cache shared by every instance and refreshed by every catalog change.',
    access: 'signed-in',
  })
  async tree(): Promise<CatalogResponseDto> {
    return { categories: await this.catalog.tree() };
  }

  @Route.list('service-categories', CategoryResponseDto, {
    summary: 'Every category, deactivated ones included, by name',
    access: ADMINS,
  })
  async listCategories(@Query() q: PageQueryDto) {
    return (await this.categories.list(q)).map(toCategoryResponse);
  }

  @Route.one('service-categories/:id', CategoryResponseDto, {
    summary: 'One category, deactivated or not',
    access: ADMINS,
  })
  async getCategory(@CategoryId() id: string) {
    return toCategoryResponse(await this.categories.get(id));
  }

  @Route.create('service-categories', CategoryResponseDto, {
    summary: 'Create a category, at the top or under a parent',
    conflict: SIBLING_TAKEN,
    invalid: 'e.g. an unknown or inactive parentId or departmentId',
    access: ADMINS,
  })
  async createCategory(@Body() body: CreateCategoryDto) {
    const category = await this.categories.create({
      name: body.name,
      ...absentAsNull(body, 'description', 'departmentId', 'parentId'),
    });
    return toCategoryResponse(category);
  }

  @Route.patch('service-categories/:id', CategoryResponseDto, {
    summary: 'Change a category: name, description, department or parent',
    conflict: SIBLING_TAKEN,
    invalid: 'e.g. a parentId that would make a cycle',
    access: ADMINS,
  })
  async updateCategory(@CategoryId() id: string, @Body() body: UpdateCategoryDto) {
    return toCategoryResponse(await this.categories.update(id, body));
  }

  @Route.remove('service-categories/:id', {
    summary:
      'Delete a category, or deactivate it when tickets, items, templates or subcategories refer to it',
    outcome: 'Deleted or deactivated',
    access: ADMINS,
  })
  async removeCategory(@CategoryId() id: string): Promise<void> {
    await this.categories.remove(id);
  }

  @Route.list('service-items', ItemResponseDto, {
    summary: 'Service items with their forms and approval chains, by name',
    access: ADMINS,
  })
  async listItems(@Query() q: ListItemsQueryDto) {
    const filter = { categoryId: q.categoryId, includeInactive: q.includeInactive ?? false };
    return (await this.items.list(filter, q)).map(toItemResponse);
  }

  @Route.one('service-items/:id', ItemResponseDto, {
    summary: 'One service item with its form and approval chain',
    access: ADMINS,
  })
  async getItem(@ItemId() id: string) {
    return toItemResponse(await this.items.get(id));
  }

  @Route.create('service-items', ItemResponseDto, {
    summary: 'Create a service item in a category',
    conflict: ITEM_TAKEN,
    badRequest:
      'VALIDATION_ERROR naming the field: an unknown category or department, a formSchema that does not compile, ' +
      'an approval chain with a bad step or an unknown approver (`approval.steps[0].approvers[1].userId`)',
    access: ADMINS,
  })
  async createItem(@Body() body: CreateItemDto) {
    const item = await this.items.create({
      ...body,
      defaultPriority: body.defaultPriority ?? TicketPriority.MEDIUM,
      ...absentAsNull(body, 'slaResolutionHours', 'formSchema', 'approval'),
    });
    return toItemResponse(item);
  }

  @Route.patch('service-items/:id', ItemResponseDto, {
    summary: 'Change a service item (its version goes up; waiting tickets keep their chain)',
    conflict: ITEM_TAKEN,
    badRequest: 'VALIDATION_ERROR naming the field, as on creation',
    access: ADMINS,
  })
  async updateItem(@ItemId() id: string, @Body() body: UpdateItemDto) {
    return toItemResponse(await this.items.update(id, body));
  }

  @Route.remove('service-items/:id', {
    summary:
      'Deactivate a service item: it leaves the catalog, tickets and templates keep their reference, ' +
      'PATCH {isActive: true} brings it back; an item already inactive is left as it is',
    outcome: 'Deactivated',
    access: ADMINS,
  })
  async removeItem(@ItemId() id: string): Promise<void> {
    await this.items.remove(id);
  }
}
