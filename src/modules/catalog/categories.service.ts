import { Injectable } from '@nestjs/common';
import { RecordReads } from '../../common/records/record-reads';
import { invalidField, found } from '../../common/errors/domain-errors';
import { AuditTrail } from '../../common/audit/audit-trail';
import { runThen, Transaction, UnitOfWork } from '../../common/unit-of-work';
import { Removal, removeOrDeactivate } from './catalog-removal';
import { CatalogCache } from './catalog-cache.port';
import { CatalogReferences } from './catalog-references.port';
import { CategoryChanges, CategoryRepository, NewCategory } from './category-repository.port';
import { ServiceCategory } from './domain/catalog';
import { wouldCreateCycle } from './domain/category-tree';

/** ADMIN upkeep of the category tree; every committed change refreshes the cached catalog. */
@Injectable()
export class CategoriesService extends RecordReads<ServiceCategory> {
  constructor(
    private readonly categories: CategoryRepository,
    private readonly references: CatalogReferences,
    private readonly cache: CatalogCache,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditTrail,
  ) {
    super(categories, 'Service category');
  }

  async create(input: NewCategory): Promise<ServiceCategory> {
    return this.write(async (tx) => {
      await this.checkDepartment(input.departmentId);
      if (input.parentId) {
        await this.categories.lockTree();
        const parent = await this.categories.findById(input.parentId);
        if (!parent?.isActive) throw invalidField('parentId', 'no such active service category');
      }
      const category = await this.categories.insert(input);
      await this.audit.created(tx, 'service_category', category);
      return category;
    });
  }

  async update(id: string, changes: CategoryChanges): Promise<ServiceCategory> {
    return this.write(async (tx) => {
      await this.categories.lockTree();
      const before = found(await this.categories.findById(id), 'Service category');
      if (changes.departmentId) await this.checkDepartment(changes.departmentId);
      if (changes.parentId) {
        const all = await this.categories.listAll();
        if (!all.some((c) => c.id === changes.parentId)) {
          throw invalidField('parentId', 'no such service category');
        }
        const parentOf = new Map(all.map((c) => [c.id, c.parentId] as const));
        if (wouldCreateCycle(id, changes.parentId, parentOf)) {
          throw invalidField('parentId', 'would make the category its own ancestor (a cycle)');
        }
      }
      const after = (await this.categories.update(id, changes))!;
      await this.audit.updated(tx, 'service_category', before, after);
      return after;
    });
  }

  /** Deletes a category nothing refers to; one that tickets, items, templates or subcategories use is deactivated. */
  async remove(id: string): Promise<Removal> {
    return this.write(async (tx): Promise<Removal> => {
      await this.categories.lockTree();
      // the row lock makes references being added now wait, and lets those being committed be seen
      const before = found(await this.categories.findById(id, true), 'Service category');
      return removeOrDeactivate(tx, this.audit, 'service_category', this.categories, before);
    });
  }

  private async checkDepartment(departmentId: string | null): Promise<void> {
    if (departmentId && !(await this.references.activeDepartmentExists(departmentId))) {
      throw invalidField('departmentId', 'no such active department');
    }
  }

  /** Runs `work` in one transaction; once it has committed, the catalog cache is dropped. */
  private write<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return runThen(this.uow, () => this.cache.invalidate(), work);
  }
}
