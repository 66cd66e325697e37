import { Injectable } from '@nestjs/common';
import { isUuid } from '../../../common/ids';
import { Page, PageRequest } from '../../../common/pagination/page';
import { json, setClause } from '../../../infrastructure/database/sql';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { TicketQueryParams } from '../../tickets/domain/ticket-query';
import { SavedView, ViewScope } from '../domain/saved-view';
import { NewSavedView, SavedViewChanges, SavedViewRepository } from '../saved-view-repository.port';
import { MeasuredRepository } from '../../../infrastructure/database/measured-repository';
import { Implements } from '../../../common/di/implements';

interface SavedViewRow {
  id: string;
  owner_id: string;
  name: string;
  filters: TicketQueryParams;
  shared: boolean;
  department_id: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'v.id, v.owner_id, v.name, v.filters, v.shared, v.department_id, v.created_at, v.updated_at';

const toView = (r: SavedViewRow): SavedView => ({
  id: r.id,
  ownerId: r.owner_id,
  name: r.name,
  filters: r.filters,
  shared: r.shared,
  departmentId: r.department_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The views a scope sees, as a condition on `saved_views v` whose parameters start at $1. */
function visible(scope: ViewScope): { sql: string; params: unknown[] } {
  if (scope.allShared) return { sql: '(v.owner_id = $1 OR v.shared)', params: [scope.userId] };
  if (scope.departmentId) {
    return {
      sql: '(v.owner_id = $1 OR (v.shared AND v.department_id = $2))',
      params: [scope.userId, scope.departmentId],
    };
  }
  return { sql: 'v.owner_id = $1', params: [scope.userId] };
}

const TAKEN = 'You already have a view with this name';

@Implements(SavedViewRepository)
@MeasuredRepository()
@Injectable()
export class SqlSavedViewRepository extends SqlRepository implements SavedViewRepository {
  async create(view: NewSavedView): Promise<SavedView> {
    const [row] = await this.write<SavedViewRow>(
      `INSERT INTO saved_views AS v (owner_id, name, filters, shared, department_id)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [view.ownerId, view.name, JSON.stringify(view.filters), view.shared, view.departmentId],
      TAKEN,
    );
    return toView(row);
  }

  async findVisible(scope: ViewScope, id: string): Promise<SavedView | null> {
    if (!isUuid(id)) return null;
    const where = visible(scope);
    const [row] = await this.rows<SavedViewRow>(
      `SELECT ${COLUMNS} FROM saved_views v WHERE v.id = $${where.params.length + 1} AND ${where.sql}`,
      [...where.params, id],
    );
    return row ? toView(row) : null;
  }

  async list(scope: ViewScope, page: PageRequest): Promise<Page<SavedView>> {
    const where = visible(scope);
    return this.paged(
      {
        columns: COLUMNS,
        from: `saved_views v WHERE ${where.sql}`,
        orderBy: 'lower(v.name), v.id',
        params: where.params,
      },
      page,
      toView,
    );
  }

  async update(id: string, changes: SavedViewChanges): Promise<SavedView | null> {
    const params: unknown[] = [];
    const set = setClause(
      {
        name: changes.name,
        filters: json(changes.filters),
        shared: changes.shared,
        department_id: changes.departmentId,
      },
      params,
    );
    if (params.length === 0) return null;
    params.push(id);
    const [row] = await this.write<SavedViewRow>(
      `UPDATE saved_views v SET ${set} WHERE v.id = $${params.length}
       RETURNING ${COLUMNS}`,
      params,
      TAKEN,
    );
    return row ? toView(row) : null;
  }

  async remove(id: string): Promise<void> {
    await this.rows(`DELETE FROM saved_views WHERE id = $1`, [id]);
  }
}
