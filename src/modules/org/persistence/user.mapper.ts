import { User, UserCredentials } from '../domain/user';
import { UserEntity } from './user.entity';

export const toUser = (row: UserEntity): User => ({
  id: row.id,
  email: row.email,
  fullName: row.fullName,
  role: row.role,
  isActive: row.isActive,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export const toUserCredentials = (row: UserEntity): UserCredentials => ({
  ...toUser(row),
  passwordHash: row.passwordHash,
  tokenGeneration: row.tokenGeneration,
});
