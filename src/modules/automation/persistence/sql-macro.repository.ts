import { Injectable } from '@nestjs/common';
import { isUuid } from '../../../common/ids';
import { Page, PageRequest } from '../../../common/pagination/page';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { Macro, MacroActions, MacroScope } from '../domain/macro';
import { MacroChanges, MacroRepository, NewMacro } from '../macro-repository.port';
import { MeasuredRepository } from '../../../infrastructure/database/measured-repository';
import { Implements } from '../../../common/di/implements';

interface MacroRow {
  id: string;
  name: string;
  description: string | null;
  actions: MacroActions;
  department_id: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'm.id, m.name, m.description, m.actions, m.department_id, m.created_by, m.created_at, m.updated_at';

const toMacro = (r: MacroRow): Macro => ({
  id: r.id,
  name: r.name,
  description: r.description,
  actions: r.actions,
  departmentId: r.department_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The macros a scope sees, as a condition on `macros m` with its two parameters first ($1, $2). */
const VISIBLE = '($2::boolean OR m.department_id IS NULL OR m.department_id = $1::uuid)';
const scopeParams = (scope: MacroScope): unknown[] => [scope.departmentId, scope.all];

const TAKEN = 'A macro with this name exists for the same department';

@Implements(MacroRepository)
@MeasuredRepository()
@Injectable()
export class SqlMacroRepository extends SqlRepository implements MacroRepository {
  async create(m: NewMacro): Promise<Macro> {
    const [row] = await this.write<MacroRow>(
      `INSERT INTO macros AS m (name, description, actions, department_id, created_by)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [m.name, m.description, JSON.stringify(m.actions), m.departmentId, m.createdBy],
      TAKEN,
    );
    return toMacro(row);
  }

  async findVisible(scope: MacroScope, id: string): Promise<Macro | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.rows<MacroRow>(
      `SELECT ${COLUMNS} FROM macros m WHERE m.id = $3 AND ${VISIBLE}`,
      [...scopeParams(scope), id],
    );
    return row ? toMacro(row) : null;
  }

  async list(scope: MacroScope, page: PageRequest): Promise<Page<Macro>> {
    return this.paged(
      {
        columns: COLUMNS,
        from: `macros m WHERE ${VISIBLE}`,
        orderBy: 'lower(m.name), m.id',
        params: scopeParams(scope),
      },
      page,
      toMacro,
    );
  }

  async update(id: string, changes: MacroChanges): Promise<Macro> {
    const [row] = await this.write<MacroRow>(
      `UPDATE macros m SET name = coalesce($2, m.name),
         description = CASE WHEN $3::boolean THEN $4 ELSE m.description END,
         actions = coalesce($5::jsonb, m.actions), updated_at = now()
       WHERE m.id = $1 RETURNING ${COLUMNS}`,
      [
        id,
        changes.name ?? null,
        changes.description !== undefined,
        changes.description ?? null,
        changes.actions ? JSON.stringify(changes.actions) : null,
      ],
      TAKEN,
    );
    return toMacro(row);
  }

  async remove(id: string): Promise<void> {
    await this.rows(`DELETE FROM macros WHERE id = $1`, [id]);
  }

  async activeDepartmentExists(id: string): Promise<boolean> {
    return (await this.rows(`SELECT 1 FROM departments WHERE id = $1 AND is_active`, [id])).length > 0;
  }
}
