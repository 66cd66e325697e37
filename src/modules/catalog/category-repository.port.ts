import { Page, PageRequest } from '../../common/pagination/page';
import { ServiceCategory } from './domain/catalog';

export type NewCategory = Pick<ServiceCategory, 'name' | 'description' | 'departmentId' | 'parentId'>;

export type CategoryChanges = Partial<NewCategory & { isActive: boolean }>;

/** Service categories; `null` from a write means there is no such category. Duplicate sibling names throw ConflictError. */
export abstract class CategoryRepository {
  /** every category (the tree is small): for cycle checks and the catalog */
  abstract listAll(): Promise<ServiceCategory[]>;
  abstract list(page: PageRequest): Promise<Page<ServiceCategory>>;
  /** with `lock`, the row stays locked to the end of the transaction (new references to it wait) */
  abstract findById(id: string, lock?: boolean): Promise<ServiceCategory | null>;
  abstract insert(category: NewCategory): Promise<ServiceCategory>;
  abstract update(id: string, changes: CategoryChanges): Promise<ServiceCategory | null>;
  /** whether tickets, items, templates or subcategories refer to it (then it is deactivated, not deleted) */
  abstract isReferenced(id: string): Promise<boolean>;
  abstract delete(id: string): Promise<void>;
  /** Serialises changes to the tree's shape until the transaction ends, so two moves cannot close a loop together. */
  abstract lockTree(): Promise<void>;
}
