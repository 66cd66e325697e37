import { Injectable } from '@nestjs/common';
import { Page, PageRequest } from '../../../common/pagination/page';
import { CategoryChanges, CategoryRepository, NewCategory } from '../category-repository.port';
import { ServiceCategory } from '../domain/catalog';
import { setClause } from '../../../infrastructure/database/sql';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { MeasuredRepository } from '../../../infrastructure/database/measured-repository';
import { Implements } from '../../../common/di/implements';

interface CategoryRow {
  id: string;
  name: string;
  description: string | null;
  department_id: string | null;
  parent_id: string | null;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, name, description, department_id, parent_id, is_active, created_at, updated_at';
const DUPLICATE = 'A category with this name already exists under the same parent';

const toCategory = (r: CategoryRow): ServiceCategory => ({
  id: r.id,
  name: r.name,
  description: r.description,
  departmentId: r.department_id,
  parentId: r.parent_id,
  isActive: r.is_active,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

@Implements(CategoryRepository)
@MeasuredRepository()
@Injectable()
export class SqlCategoryRepository extends SqlRepository implements CategoryRepository {
  async listAll(): Promise<ServiceCategory[]> {
    return (await this.rows<CategoryRow>(`SELECT ${COLUMNS} FROM service_categories`)).map(toCategory);
  }

  async list(page: PageRequest): Promise<Page<ServiceCategory>> {
    return this.paged(
      { columns: COLUMNS, from: 'service_categories', orderBy: 'lower(name), id' },
      page,
      toCategory,
    );
  }

  async findById(id: string, lock = false): Promise<ServiceCategory | null> {
    const [row] = await this.rows<CategoryRow>(
      `SELECT ${COLUMNS} FROM service_categories WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row ? toCategory(row) : null;
  }

  async insert(c: NewCategory): Promise<ServiceCategory> {
    const [row] = await this.write<CategoryRow>(
      `INSERT INTO service_categories (name, description, department_id, parent_id)
       VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [c.name, c.description, c.departmentId, c.parentId],
      DUPLICATE,
    );
    return toCategory(row);
  }

  async update(id: string, changes: CategoryChanges): Promise<ServiceCategory | null> {
    const params: unknown[] = [id];
    const set = setClause(
      {
        name: changes.name,
        description: changes.description,
        department_id: changes.departmentId,
        parent_id: changes.parentId,
        is_active: changes.isActive,
      },
      params,
    );
    const [row] = await this.write<CategoryRow>(
      `UPDATE service_categories SET ${set} WHERE id = $1 RETURNING ${COLUMNS}`,
      params,
      DUPLICATE,
    );
    return row ? toCategory(row) : null;
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

  async delete(id: string): Promise<void> {
    await this.rows(`DELETE FROM service_categories WHERE id = $1`, [id]);
  }

  async lockTree(): Promise<void> {
    await this.rows(`SELECT pg_advisory_xact_lock(hashtext('service_categories:tree'))`);
  }
}
