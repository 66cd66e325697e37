import { Injectable } from '@nestjs/common';
import { CatalogCache } from './catalog-cache.port';
import { CategoryRepository } from './category-repository.port';
import { CatalogNode } from './domain/catalog';
import { buildCatalogTree } from './domain/category-tree';
import { ItemRepository } from './item-repository.port';

/** What requesters pick from: the tree of active categories and items, served from the shared cache. */
@Injectable()
export class ServiceCatalogService {
  constructor(
    private readonly categories: CategoryRepository,
    private readonly items: ItemRepository,
    private readonly cache: CatalogCache,
  ) {}

  tree(): Promise<CatalogNode[]> {
    return this.cache.read(async () =>
      buildCatalogTree(await this.categories.listAll(), await this.items.listActive()),
    );
  }
}
