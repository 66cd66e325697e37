import { RowOf } from '../../../infrastructure/database/sql-table';
import { User, UserCredentials } from '../domain/user';

/** A `users` row as the directory reads it. */
export type UserRow = RowOf<UserCredentials>;

export const USER_COLUMNS =
  'id, email, full_name, role, is_active, created_at, updated_at, password_hash, token_generation';

export const toUser = (row: RowOf<User>): User => ({
  id: row.id,
  email: row.email,
  fullName: row.full_name,
  role: row.role,
  isActive: row.is_active,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export const toUserCredentials = (row: UserRow): UserCredentials => ({
  ...toUser(row),
  passwordHash: row.password_hash,
  tokenGeneration: row.token_generation,
});
