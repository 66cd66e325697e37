import { Module } from '@nestjs/common';
import { TicketsModule } from '../tickets/tickets.module';
import { CatalogIntakeService } from './catalog-intake.service';
import { CategoriesService } from './categories.service';
import { FormValidators } from './form-validators';
import { CatalogController } from './http/catalog.controller';
import { TicketTemplatesController } from './http/ticket-templates.controller';
import { ItemRepository } from './item-repository.port';
import { redisCatalogCache } from './persistence/redis-catalog-cache';
import { SqlCatalogReferences } from './persistence/sql-catalog-references';
import { SqlCategoryRepository } from './persistence/sql-category.repository';
import { SqlItemRepository } from './persistence/sql-item.repository';
import { SqlTemplateRepository } from './persistence/sql-template.repository';
import { ServiceCatalogService } from './service-catalog.service';
import { ServiceItemsService } from './service-items.service';
import { TicketTemplatesService } from './ticket-templates.service';
import { adapters } from '../../common/di/implements';

/**
 * The service catalog (categories, items with their forms and approval chains) and ticket templates. Plugs its
 * intake into tickets, so a ticket can be filed from an item or a template; approvals read items' chains here.
 */
@Module({
  imports: [TicketsModule],
  controllers: [CatalogController, TicketTemplatesController],
  providers: [
    ServiceCatalogService,
    CategoriesService,
    ServiceItemsService,
    TicketTemplatesService,
    CatalogIntakeService,
    FormValidators,
    ...adapters(SqlCategoryRepository, SqlItemRepository, SqlTemplateRepository, SqlCatalogReferences),
    redisCatalogCache,
  ],
  exports: [ItemRepository],
})
export class CatalogModule {}
