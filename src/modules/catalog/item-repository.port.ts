import { Page, PageRequest } from '../../common/pagination/page';
import { ServiceItem } from './domain/catalog';

export type NewItem = Omit<ServiceItem, 'id' | 'isActive' | 'version' | 'createdAt' | 'updatedAt'>;

export type ItemChanges = Partial<NewItem & { isActive: boolean }>;

export interface ItemFilter {
  categoryId?: string;
  includeInactive: boolean;
}

/** Service items; every change bumps `version`. Duplicate names within a category throw ConflictError. */
export abstract class ItemRepository {
  abstract listActive(): Promise<ServiceItem[]>;
  abstract list(filter: ItemFilter, page: PageRequest): Promise<Page<ServiceItem>>;
  /** with `lock`, the row stays locked to the end of the transaction (new references to it wait) */
  abstract findById(id: string, lock?: boolean): Promise<ServiceItem | null>;
  abstract insert(item: NewItem): Promise<ServiceItem>;
  abstract update(id: string, changes: ItemChanges): Promise<ServiceItem | null>;
}
