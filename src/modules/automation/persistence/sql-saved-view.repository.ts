import { isUuid } from '../../../common/ids';
import { Page, PageRequest } from '../../../common/pagination/page';
import { json } from '../../../infrastructure/database/sql';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { SqlTable } from '../../../infrastructure/database/sql-table';
import { SavedView, ViewScope } from '../domain/saved-view';
import { NewSavedView, SavedViewChanges, SavedViewRepository } from '../saved-view-repository.port';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

const VIEWS = new SqlTable<SavedView>({
  from: 'saved_views v',
  columns: 'v.id, v.owner_id, v.name, v.filters, v.shared, v.department_id, v.created_at, v.updated_at',
  insert: 'owner_id, name, filters, shared, department_id',
  update: 'name, filters, shared, department_id',
  taken: 'You already have a view with this name',
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

@SqlAdapter(SavedViewRepository)
export class SqlSavedViewRepository extends SqlRepository implements SavedViewRepository {
  create(view: NewSavedView): Promise<SavedView> {
    return this.insertInto(VIEWS, { ...view, filters: JSON.stringify(view.filters) });
  }

  async findVisible(scope: ViewScope, id: string): Promise<SavedView | null> {
    if (!isUuid(id)) return null;
    const where = visible(scope);
    return this.one<SavedView>(
      `SELECT ${VIEWS.columns} FROM saved_views v WHERE v.id = $${where.params.length + 1} AND ${where.sql}`,
      [...where.params, id],
    );
  }

  async list(scope: ViewScope, page: PageRequest): Promise<Page<SavedView>> {
    const where = visible(scope);
    return this.pagedIn(VIEWS, page, 'lower(v.name), v.id', `WHERE ${where.sql}`, where.params);
  }

  /** null, without a statement, when nothing changes */
  async update(id: string, changes: SavedViewChanges): Promise<SavedView | null> {
    if (Object.values(changes).every((value) => value === undefined)) return null;
    return this.updateIn(VIEWS, id, { ...changes, filters: json(changes.filters) });
  }

  remove(id: string): Promise<void> {
    return this.deleteFrom(VIEWS, id);
  }
}
