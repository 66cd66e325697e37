import { isUuid } from '../../../common/ids';
import { Page, PageRequest } from '../../../common/pagination/page';
import { json } from '../../../infrastructure/database/sql';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { SqlTable } from '../../../infrastructure/database/sql-table';
import { Macro, MacroScope } from '../domain/macro';
import { MacroChanges, MacroRepository, NewMacro } from '../macro-repository.port';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

const MACROS = new SqlTable<Macro>({
  from: 'macros m',
  columns:
    'm.id, m.name, m.description, m.actions, m.department_id, m.created_by, m.created_at, m.updated_at',
  insert: 'name, description, actions, department_id, created_by',
  update: 'name, description, actions',
  taken: 'A macro with this name exists for the same department',
});

/** The macros a scope sees, as a condition on `macros m` with its two parameters first ($1, $2). */
const VISIBLE = '($2::boolean OR m.department_id IS NULL OR m.department_id = $1::uuid)';
const scopeParams = (scope: MacroScope): unknown[] => [scope.departmentId, scope.all];

@SqlAdapter(MacroRepository)
export class SqlMacroRepository extends SqlRepository implements MacroRepository {
  create(macro: NewMacro): Promise<Macro> {
    return this.insertInto(MACROS, { ...macro, actions: json(macro.actions) });
  }

  async findVisible(scope: MacroScope, id: string): Promise<Macro | null> {
    if (!isUuid(id)) return null;
    return this.one<Macro>(`SELECT ${MACROS.columns} FROM macros m WHERE m.id = $3 AND ${VISIBLE}`, [
      ...scopeParams(scope),
      id,
    ]);
  }

  async list(scope: MacroScope, page: PageRequest): Promise<Page<Macro>> {
    return this.pagedIn(MACROS, page, 'lower(m.name), m.id', `WHERE ${VISIBLE}`, scopeParams(scope));
  }

  async update(id: string, changes: MacroChanges): Promise<Macro> {
    const actions = json(changes.actions);
    return (await this.updateIn(MACROS, id, { ...changes, actions }))!;
  }

  remove(id: string): Promise<void> {
    return this.deleteFrom(MACROS, id);
  }

  async activeDepartmentExists(id: string): Promise<boolean> {
    return (await this.rows(`SELECT 1 FROM departments WHERE id = $1 AND is_active`, [id])).length > 0;
  }
}
