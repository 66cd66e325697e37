import { CategoryChanges, CategoryRepository, NewCategory } from '../category-repository.port';
import { ServiceCategory } from '../domain/catalog';
import { SqlTable } from '../../../infrastructure/database/sql-table';
import { SqlListedTable } from '../../../infrastructure/database/sql-repository';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

const CATEGORIES = SqlTable.deactivatable<ServiceCategory>(
  'service_categories',
  'name, description, department_id, parent_id',
  'A category with this name already exists under the same parent',
);

@SqlAdapter(CategoryRepository)
export class SqlCategoryRepository
  extends SqlListedTable(CATEGORIES, 'lower(name), id')
  implements CategoryRepository
{
  async listAll(): Promise<ServiceCategory[]> {
    return this.rows<ServiceCategory>(`SELECT ${CATEGORIES.columns} FROM ${CATEGORIES.from}`);
  }

  insert(category: NewCategory): Promise<ServiceCategory> {
    return this.insertInto(CATEGORIES, category);
  }

  update(id: string, changes: CategoryChanges): Promise<ServiceCategory | null> {
    return this.updateIn(CATEGORIES, id, changes);
  }

  async isReferenced(id: string): Promise<boolean> {
    const [row] = await this.rows<{ referenced: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM tickets WHERE category_id = $1)
           OR EXISTS (SELECT 1 FROM service_items WHERE category_id = $1)
           OR EXISTS (SELECT 1 FROM service_categories WHERE parent_id = $1)
           OR EXISTS (SELECT 1 FROM ticket_templates WHERE category_id = $1) AS referenced`,
      [id],
    );
    return row.referenced;
  }

  delete(id: string): Promise<void> {
    return this.deleteFrom(CATEGORIES, id);
  }

  async lockTree(): Promise<void> {
    await this.rows(`SELECT pg_advisory_xact_lock(hashtext('service_categories:tree'))`);
  }
}
