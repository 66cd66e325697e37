import { ConflictError } from '../../../common/errors/domain-errors';
import { Page, PageRequest } from '../../../common/pagination/page';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { RowLock } from '../department-repository.port';
import { Role } from '../domain/role';
import { UserAccount, UserFilter } from '../domain/user-account';
import {
  NewUserAccount,
  StaffProfile,
  UserAccountChanges,
  UserAccountRepository,
} from '../user-account-repository.port';
import { likePrefix, lockClause, setClause } from '../../../infrastructure/database/sql';
import { toUser } from './user.mapper';
import { RowOf } from '../../../infrastructure/database/sql-table';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

type AccountRow = RowOf<UserAccount>;

// never the password hash or the token generation: nothing here needs them
const COLUMNS = `u.id, u.email, u.full_name, u.role, u.is_active, u.created_at, u.updated_at,
                 s.department_id, s.team_id, s.available`;
const FROM = 'FROM users u LEFT JOIN staff_profiles s ON s.user_id = u.id';

const toAccount = (row: AccountRow): UserAccount => ({
  ...toUser(row),
  departmentId: row.department_id,
  teamId: row.team_id,
  available: row.available,
});

@SqlAdapter(UserAccountRepository)
export class SqlUserAccountRepository extends SqlRepository implements UserAccountRepository {
  async findById(id: string, options: RowLock = {}): Promise<UserAccount | null> {
    const rows = await this.rows<AccountRow>(
      `SELECT ${COLUMNS} ${FROM} WHERE u.id = $1${lockClause(options.lock, 'u')}`,
      [id],
    );
    return rows[0] ? toAccount(rows[0]) : null;
  }

  async list(filter: UserFilter, page: PageRequest): Promise<Page<UserAccount>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown): string => `$${params.push(value)}`;
    if (filter.role) where.push(`u.role = ${param(filter.role)}`);
    if (filter.isActive !== undefined) where.push(`u.is_active = ${param(filter.isActive)}`);
    else if (!filter.includeInactive) where.push('u.is_active');
    if (filter.q) {
      const pattern = param(likePrefix(filter.q.toLowerCase()));
      where.push(`(lower(u.email) LIKE ${pattern} OR lower(u.full_name) LIKE ${pattern})`);
    }
    const conditions = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const listing = { columns: COLUMNS, from: `${FROM} ${conditions}`, orderBy: 'lower(u.email), u.id' };
    return (await this.paged<AccountRow>({ ...listing, params }, page)).map(toAccount);
  }

  async create(user: NewUserAccount): Promise<UserAccount> {
    // ON CONFLICT rather than a caught unique violation: a failed statement would be logged with its parameters,
    // and one of them is the password hash
    const rows = await this.rows<{ id: string }>(
      `INSERT INTO users (email, password_hash, full_name, role) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING id`,
      [user.email, user.passwordHash, user.fullName, user.role],
    );
    if (!rows[0]) throw new ConflictError('A user with this email already exists');
    const created = await this.findById(rows[0].id);
    if (!created) throw new Error('The inserted user is gone');
    return created;
  }

  async update(id: string, changes: UserAccountChanges): Promise<boolean> {
    const params: unknown[] = [id];
    const set = setClause(
      { full_name: changes.fullName, role: changes.role, is_active: changes.isActive },
      params,
    );
    const rows = await this.rows<{ id: string }>(
      `UPDATE users SET ${set} WHERE id = $1 RETURNING id`,
      params,
    );
    return rows.length > 0;
  }

  async saveStaffProfile(userId: string, profile: StaffProfile): Promise<void> {
    await this.rows(
      `INSERT INTO staff_profiles (user_id, department_id, team_id, available) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO UPDATE
         SET department_id = EXCLUDED.department_id, team_id = EXCLUDED.team_id,
             available = EXCLUDED.available, updated_at = now()`,
      [userId, profile.departmentId, profile.teamId, profile.available],
    );
  }

  async removeStaffProfile(userId: string): Promise<void> {
    await this.rows(`DELETE FROM staff_profiles WHERE user_id = $1`, [userId]);
  }

  async lockActiveAdmins(): Promise<string[]> {
    // a row another transaction demotes or deactivates while this one waits for it is read again once that commits,
    // and left out when it no longer matches
    const rows = await this.rows<{ id: string }>(
      `SELECT id FROM users WHERE role = $1 AND is_active ORDER BY id FOR UPDATE`,
      [Role.ADMIN],
    );
    return rows.map((row) => row.id);
  }
}
