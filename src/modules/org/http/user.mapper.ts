import { UserAccount } from '../domain/user-account';
import { UserResponseDto } from './user.dto';

/** Names every field it returns: hashes and token generations cannot reach a client through here. */
export const toUserResponse = (user: UserAccount): UserResponseDto => ({
  id: user.id,
  email: user.email,
  fullName: user.fullName,
  role: user.role,
  isActive: user.isActive,
  departmentId: user.departmentId,
  teamId: user.teamId,
  createdAt: user.createdAt.toISOString(),
  updatedAt: user.updatedAt.toISOString(),
});
