import { Injectable } from '@nestjs/common';
import { ConflictError, invalidField } from '../../../common/errors/domain-errors';
import { queryRows } from '../../../infrastructure/database/sql';
import { TypeOrmUnitOfWork } from '../../../infrastructure/database/typeorm-unit-of-work';
import { DepartmentRepository, RowLock } from '../department.repository';
import { Department, DepartmentChanges, NewDepartment } from '../domain/department';
import { foreignKeyViolation, lockClause, setClause, uniqueViolation } from './sql-helpers';
import { MeasuredRepository } from '../../../infrastructure/database/measured-repository';

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

@MeasuredRepository()
@Injectable()
export class TypeOrmDepartmentRepository extends DepartmentRepository {
  constructor(private readonly uow: TypeOrmUnitOfWork) {
    super();
  }

  async listAll(): Promise<Department[]> {
    const rows = await this.query(`SELECT ${COLUMNS} FROM departments ORDER BY lower(name), id`);
    return rows.map(toDepartment);
  }

  async findById(id: string, options: RowLock = {}): Promise<Department | null> {
    const rows = await this.query(
      `SELECT ${COLUMNS} FROM departments WHERE id = $1${lockClause(options.lock)}`,
      [id],
    );
    return rows[0] ? toDepartment(rows[0]) : null;
  }

  async create(department: NewDepartment): Promise<Department> {
    const rows = await this.write(
      `INSERT INTO departments (name, description, auto_assign, calendar_id) VALUES ($1, $2, $3, $4)
       RETURNING ${COLUMNS}`,
      [department.name, department.description, department.autoAssign, department.calendarId],
      department.name,
    );
    return toDepartment(rows[0]);
  }

  async update(id: string, changes: DepartmentChanges): Promise<Department | null> {
    const set = setClause(
      {
        name: changes.name,
        description: changes.description,
        auto_assign: changes.autoAssign,
        calendar_id: changes.calendarId,
        is_active: changes.isActive,
      },
      2,
    );
    const rows = await this.write(
      `UPDATE departments SET ${set.sql} WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, ...set.params],
      changes.name,
    );
    return rows[0] ? toDepartment(rows[0]) : null;
  }

  private query(sql: string, params: unknown[] = []): Promise<DepartmentRow[]> {
    return queryRows<DepartmentRow>(this.uow.manager(), sql, params);
  }

  private async write(sql: string, params: unknown[], name: string | undefined): Promise<DepartmentRow[]> {
    try {
      return await this.query(sql, params);
    } catch (error) {
      if (uniqueViolation(error) !== null)
        throw new ConflictError(`A department ${name ? `named "${name}"` : 'with this name'} already exists`);
      if (foreignKeyViolation(error) === 'departments_calendar_id_fkey')
        throw invalidField('calendarId', 'no such business calendar');
      throw error;
    }
  }
}
