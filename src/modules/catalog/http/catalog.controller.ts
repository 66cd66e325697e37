import { ErrorCode } from '../../../common/errors/error-codes';
import {
  ApiCreated,
  ApiList,
  ApiNoContent,
  ApiOne,
  ApiRoute,
} from '../../../common/http/api-route.decorator';
import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Role } from '../../../common/auth/role';
import { Authenticated, Roles } from '../../../common/auth/roles.decorator';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { Page } from '../../../common/pagination/page';
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

@ApiTags('service catalog')
@Controller()
export class CatalogController {
  constructor(
    private readonly catalog: ServiceCatalogService,
    private readonly categories: CategoriesService,
    private readonly items: ServiceItemsService,
  ) {}

  @Get('service-catalog')
  @Authenticated()
  @ApiRoute(CatalogResponseDto, {
    summary: 'The service catalog: active categories as a tree, each with its active items',
    description: 'Served from a cache shared by every instance and refreshed by every catalog change.',
  })
  async tree(): Promise<CatalogResponseDto> {
    return { categories: await this.catalog.tree() };
  }

  @Get('service-categories')
  @Roles(Role.ADMIN)
  @ApiList(CategoryResponseDto, {
    summary: 'Every category, deactivated ones included, by name',
  })
  async listCategories(@Query() q: PageQueryDto): Promise<Page<CategoryResponseDto>> {
    return (await this.categories.list(q)).map(toCategoryResponse);
  }

  @ApiOne(CategoryResponseDto, {
    summary: 'One category, deactivated or not',
  })
  @Get('service-categories/:id')
  @Roles(Role.ADMIN)
  async getCategory(@CategoryId() id: string): Promise<CategoryResponseDto> {
    return toCategoryResponse(await this.categories.get(id));
  }

  @ApiCreated(CategoryResponseDto, {
    summary: 'Create a category, at the top or under a parent',
    conflict: 'CONFLICT: a sibling has this name',
    errors: [[ErrorCode.VALIDATION_ERROR, 'e.g. an unknown or inactive parentId or departmentId']],
  })
  @Post('service-categories')
  @Roles(Role.ADMIN)
  async createCategory(@Body() body: CreateCategoryDto): Promise<CategoryResponseDto> {
    const category = await this.categories.create({
      name: body.name,
      description: body.description ?? null,
      departmentId: body.departmentId ?? null,
      parentId: body.parentId ?? null,
    });
    return toCategoryResponse(category);
  }

  @ApiOne(CategoryResponseDto, {
    summary: 'Change a category: name, description, department or parent',
    conflict: 'CONFLICT: a sibling has this name',
    errors: [[ErrorCode.VALIDATION_ERROR, 'e.g. a parentId that would make a cycle']],
  })
  @Patch('service-categories/:id')
  @Roles(Role.ADMIN)
  async updateCategory(
    @CategoryId() id: string,
    @Body() body: UpdateCategoryDto,
  ): Promise<CategoryResponseDto> {
    return toCategoryResponse(await this.categories.update(id, body));
  }

  @Delete('service-categories/:id')
  @Roles(Role.ADMIN)
  @HttpCode(204)
  @ApiNoContent(
    {
      summary:
        'Delete a category, or deactivate it when tickets, items, templates or subcategories refer to it',
      notFound: '',
    },
    'Deleted or deactivated',
  )
  async removeCategory(@CategoryId() id: string): Promise<void> {
    await this.categories.remove(id);
  }

  @Get('service-items')
  @Roles(Role.ADMIN)
  @ApiList(ItemResponseDto, {
    summary: 'Service items with their forms and approval chains, by name',
  })
  async listItems(@Query() q: ListItemsQueryDto): Promise<Page<ItemResponseDto>> {
    const page = await this.items.list(
      { categoryId: q.categoryId, includeInactive: q.includeInactive ?? false },
      q,
    );
    return page.map(toItemResponse);
  }

  @ApiOne(ItemResponseDto, {
    summary: 'One service item with its form and approval chain',
  })
  @Get('service-items/:id')
  @Roles(Role.ADMIN)
  async getItem(@ItemId() id: string): Promise<ItemResponseDto> {
    return toItemResponse(await this.items.get(id));
  }

  @ApiCreated(ItemResponseDto, {
    summary: 'Create a service item in a category',
    conflict: 'CONFLICT: the category has an item of this name',
    badRequest:
      'VALIDATION_ERROR naming the field: an unknown category or department, a formSchema that does not compile, ' +
      'an approval chain with a bad step or an unknown approver (`approval.steps[0].approvers[1].userId`)',
  })
  @Post('service-items')
  @Roles(Role.ADMIN)
  async createItem(@Body() body: CreateItemDto): Promise<ItemResponseDto> {
    const item = await this.items.create({
      categoryId: body.categoryId,
      name: body.name,
      description: body.description,
      departmentId: body.departmentId,
      defaultPriority: body.defaultPriority ?? TicketPriority.MEDIUM,
      slaResolutionHours: body.slaResolutionHours ?? null,
      formSchema: body.formSchema ?? null,
      approval: body.approval ?? null,
    });
    return toItemResponse(item);
  }

  @Patch('service-items/:id')
  @Roles(Role.ADMIN)
  @ApiOne(ItemResponseDto, {
    summary: 'Change a service item (its version goes up; waiting tickets keep their chain)',
    conflict: 'CONFLICT: the category has an item of this name',
    badRequest: 'VALIDATION_ERROR naming the field, as on creation',
  })
  async updateItem(@ItemId() id: string, @Body() body: UpdateItemDto): Promise<ItemResponseDto> {
    return toItemResponse(await this.items.update(id, body));
  }

  @Delete('service-items/:id')
  @Roles(Role.ADMIN)
  @HttpCode(204)
  @ApiNoContent(
    {
      summary:
        'Deactivate a service item: it leaves the catalog, tickets and templates keep their reference, ' +
        'PATCH {isActive: true} brings it back; an item already inactive is left as it is',
      notFound: '',
    },
    'Deactivated',
  )
  async removeItem(@ItemId() id: string): Promise<void> {
    await this.items.remove(id);
  }
}
