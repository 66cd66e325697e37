import { Resource, Route } from '../../../common/http/route.decorator';
import { Body, Query } from '@nestjs/common';
import { ADMINS } from '../../../common/auth/role';
import { absentAsNull } from '../../../common/http/absent-as-null';
import { IdParam } from '../../../common/http/id-param.pipe';
import { TicketPriority } from '../../tickets/domain/ticket-enums';
import { ServiceCatalogService } from '../service-catalog.service';
import { ServiceItemsService } from '../service-items.service';
import { CatalogResponseDto } from './catalog.dto';
import { CreateItemDto, ItemResponseDto, ListItemsQueryDto, UpdateItemDto } from './item.dto';
import { toItemResponse } from './catalog.mapper';

const ItemId = () => IdParam('Service item');
const ITEM_TAKEN = 'CONFLICT: the category has an item of this name';

@Resource('service catalog')
export class CatalogController {
  constructor(
    private readonly catalog: ServiceCatalogService,
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
