import { Injectable } from '@nestjs/common';
import { ConflictError, invalidField } from '../../../common/errors/domain-errors';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { DepartmentRepository, RowLock } from '../department-repository.port';
import { Department, DepartmentChanges, NewDepartment } from '../domain/department';
import {
  foreignKeyViolation,
  lockClause,
  setClause,
  uniqueViolation,
} from '../../../infrastructure/database/sql';
import { MeasuredRepository } from '../../../infrastructure/database/measured-repository';
import { Implements } from '../../../common/di/implements';

interface DepartmentRow {
  id: string;
  name: string;
  description: string | null;
  auto_assign: boolean;
  calendar_id: string | null;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
}

const toDepartment = (row: DepartmentRow): Department => ({
  id: row.id,
  name: row.name,
  description: row.description,
  autoAssign: row.auto_assign,
  calendarId: row.calendar_id,
  isActive: row.is_active,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const COLUMNS = 'id, name, description, auto_assign, calendar_id, is_active, created_at, updated_at';

@Implements(DepartmentRepository)
@MeasuredRepository()
@Injectable()
export class SqlDepartmentRepository extends SqlRepository implements DepartmentRepository {
  async listAll(): Promise<Department[]> {
    const rows = await this.rows<DepartmentRow>(
      `SELECT ${COLUMNS} FROM departments ORDER BY lower(name), id`,
    );
    return rows.map(toDepartment);
  }

  async findById(id: string, options: RowLock = {}): Promise<Department | null> {
    const rows = await this.rows<DepartmentRow>(
      `SELECT ${COLUMNS} FROM departments WHERE id = $1${lockClause(options.lock)}`,
      [id],
    );
    return rows[0] ? toDepartment(rows[0]) : null;
  }

  async create(department: NewDepartment): Promise<Department> {
    const rows = await this.save(
      `INSERT INTO departments (name, description, auto_assign, calendar_id) VALUES ($1, $2, $3, $4)
       RETURNING ${COLUMNS}`,
      [department.name, department.description, department.autoAssign, department.calendarId],
      department.name,
    );
    return toDepartment(rows[0]);
  }

  async update(id: string, changes: DepartmentChanges): Promise<Department | null> {
    const params: unknown[] = [id];
    const set = setClause(
      {
        name: changes.name,
        description: changes.description,
        auto_assign: changes.autoAssign,
        calendar_id: changes.calendarId,
        is_active: changes.isActive,
      },
      params,
    );
    const rows = await this.save(
      `UPDATE departments SET ${set} WHERE id = $1 RETURNING ${COLUMNS}`,
      params,
      changes.name,
    );
    return rows[0] ? toDepartment(rows[0]) : null;
  }

  private async save(sql: string, params: unknown[], name: string | undefined): Promise<DepartmentRow[]> {
    try {
      return await this.rows<DepartmentRow>(sql, params);
    } catch (error) {
      if (uniqueViolation(error) !== null)
        throw new ConflictError(`A department ${name ? `named "${name}"` : 'with this name'} already exists`);
      if (foreignKeyViolation(error) === 'departments_calendar_id_fkey')
        throw invalidField('calendarId', 'no such business calendar');
      throw error;
    }
  }
}
