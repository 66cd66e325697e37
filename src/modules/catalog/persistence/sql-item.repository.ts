import { Page, PageRequest } from '../../../common/pagination/page';
import { ServiceItem } from '../domain/catalog';
import { ItemChanges, ItemFilter, ItemRepository, NewItem } from '../item-repository.port';
import { json, whereEquals } from '../../../infrastructure/database/sql';
import { SqlTable } from '../../../infrastructure/database/sql-table';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

const ITEMS = new SqlTable<ServiceItem>({
  from: 'service_items',
  columns: `id, category_id, name, description, department_id, default_priority, sla_resolution_hours,
    form_schema, approval, is_active, version, created_at, updated_at`,
  insert: `category_id, name, description, department_id, default_priority, sla_resolution_hours, form_schema,
    approval`,
  update: `category_id, name, description, department_id, default_priority, sla_resolution_hours, form_schema,
    approval, is_active`,
  taken: 'An item with this name already exists in the category',
});

/** The JSON columns as the driver takes them (see `json`). */
const jsonColumns = <T extends Partial<Pick<ServiceItem, 'formSchema' | 'approval'>>>(item: T) => ({
  ...item,
  formSchema: json(item.formSchema),
  approval: json(item.approval),
});

@SqlAdapter(ItemRepository)
export class SqlItemRepository extends SqlRepository implements ItemRepository {
  async listActive(): Promise<ServiceItem[]> {
    return this.rows<ServiceItem>(`SELECT ${ITEMS.columns} FROM ${ITEMS.from} WHERE is_active`);
  }

  async list(filter: ItemFilter, page: PageRequest): Promise<Page<ServiceItem>> {
    const params: unknown[] = [];
    const where = whereEquals(
      { category_id: filter.categoryId },
      params,
      filter.includeInactive ? [] : ['is_active'],
    );
    return this.pagedIn(ITEMS, page, 'lower(name), id', where, params);
  }

  findById(id: string, lock = false): Promise<ServiceItem | null> {
    return this.findIn(ITEMS, id, lock);
  }

  insert(item: NewItem): Promise<ServiceItem> {
    return this.insertInto(ITEMS, jsonColumns(item));
  }

  update(id: string, changes: ItemChanges): Promise<ServiceItem | null> {
    return this.updateIn(ITEMS, id, jsonColumns(changes), { also: ', version = version + 1' });
  }
}
