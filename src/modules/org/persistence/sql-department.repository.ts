import { invalidField } from '../../../common/errors/domain-errors';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { DepartmentRepository, RowLock } from '../department-repository.port';
import { Department, DepartmentChanges, NewDepartment } from '../domain/department';
import { foreignKeyViolation } from '../../../infrastructure/database/sql';
import { SqlTable } from '../../../infrastructure/database/sql-table';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

const DEPARTMENTS = SqlTable.deactivatable<Department>(
  'departments',
  'name, description, auto_assign, calendar_id',
);

const taken = (name: string | undefined): string =>
  `A department ${name ? `named "${name}"` : 'with this name'} already exists`;

@SqlAdapter(DepartmentRepository)
export class SqlDepartmentRepository extends SqlRepository implements DepartmentRepository {
  listAll(): Promise<Department[]> {
    return this.rows<Department>(
      `SELECT ${DEPARTMENTS.columns} FROM ${DEPARTMENTS.from} ORDER BY lower(name), id`,
    );
  }

  findById(id: string, options: RowLock = {}): Promise<Department | null> {
    return this.findIn(DEPARTMENTS, id, options.lock);
  }

  create(department: NewDepartment): Promise<Department> {
    return withKnownCalendar(this.insertInto(DEPARTMENTS, department, taken(department.name)));
  }

  update(id: string, changes: DepartmentChanges): Promise<Department | null> {
    return withKnownCalendar(this.updateIn(DEPARTMENTS, id, changes, { taken: taken(changes.name) }));
  }
}

/** A write naming a calendar that does not exist is the caller's mistake (400 on calendarId), not a failure. */
async function withKnownCalendar<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (foreignKeyViolation(error) === 'departments_calendar_id_fkey')
      throw invalidField('calendarId', 'no such business calendar');
    throw error;
  }
}
