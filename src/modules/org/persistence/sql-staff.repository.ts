import { Page, PageRequest } from '../../../common/pagination/page';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { RowLock } from '../department-repository.port';
import { Role } from '../domain/role';
import { StaffFilter, StaffMember } from '../domain/staff';
import { StaffScope } from '../domain/staff-scope';
import { StaffRepository } from '../staff-repository.port';
import { lockClause } from '../../../infrastructure/database/sql';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

interface StaffRow {
  user_id: string;
  email: string;
  full_name: string;
  role: Role;
  is_active: boolean;
  department_id: string;
  team_id: string | null;
  available: boolean;
}

const COLUMNS =
  's.user_id, u.email, u.full_name, u.role, u.is_active, s.department_id, s.team_id, s.available';
const FROM = 'FROM staff_profiles s JOIN users u ON u.id = s.user_id';

const toStaffMember = (row: StaffRow): StaffMember => ({
  userId: row.user_id,
  email: row.email,
  fullName: row.full_name,
  role: row.role,
  departmentId: row.department_id,
  teamId: row.team_id,
  available: row.available,
  isActive: row.is_active,
});

/** Builds WHERE conditions with numbered parameters; the scope always comes first. */
class Conditions {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  constructor(scope: StaffScope) {
    if (scope.kind === 'department') this.add('s.department_id = ?', scope.departmentId);
  }

  add(condition: string, value?: unknown): this {
    this.parts.push(value === undefined ? condition : condition.replace('?', `$${this.params.push(value)}`));
    return this;
  }

  get sql(): string {
    return this.parts.length > 0 ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

@SqlAdapter(StaffRepository)
export class SqlStaffRepository extends SqlRepository implements StaffRepository {
  async list(scope: StaffScope, filter: StaffFilter, page: PageRequest): Promise<Page<StaffMember>> {
    const where = new Conditions(scope);
    if (filter.departmentId) where.add('s.department_id = ?', filter.departmentId);
    if (filter.teamId) where.add('s.team_id = ?', filter.teamId);
    if (filter.role) where.add('u.role = ?', filter.role);
    if (filter.available !== undefined) where.add('s.available = ?', filter.available);
    if (!filter.includeInactive) where.add('u.is_active');
    const listing = {
      columns: COLUMNS,
      from: `${FROM} ${where.sql}`,
      orderBy: 'lower(u.full_name), s.user_id',
    };
    return (await this.paged<StaffRow>({ ...listing, params: where.params }, page)).map(toStaffMember);
  }

  async findByUserId(scope: StaffScope, userId: string, options: RowLock = {}): Promise<StaffMember | null> {
    const where = new Conditions(scope).add('s.user_id = ?', userId);
    const rows = await this.rows<StaffRow>(
      `SELECT ${COLUMNS} ${FROM} ${where.sql}${lockClause(options.lock, 'u')}`,
      where.params,
    );
    return rows[0] ? toStaffMember(rows[0]) : null;
  }
}
