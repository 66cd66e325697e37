import { User } from '../../org/domain/user';
import { IssuedSession, Profile } from '../auth.service';
import { AuthUserResponseDto, SessionResponseDto } from './auth.dto';

/** Names every field that leaves the server; hashes and token generations cannot slip through. */
export const toAuthUserResponse = (
  user: User,
  staff: { departmentId: string | null; teamId: string | null },
): AuthUserResponseDto => ({
  id: user.id,
  email: user.email,
  fullName: user.fullName,
  role: user.role,
  isActive: user.isActive,
  departmentId: staff.departmentId,
  teamId: staff.teamId,
  createdAt: user.createdAt.toISOString(),
  updatedAt: user.updatedAt.toISOString(),
});

export const toProfileResponse = (profile: Profile): AuthUserResponseDto =>
  toAuthUserResponse(profile, profile);

export const toSessionResponse = (session: IssuedSession, profile: Profile): SessionResponseDto => ({
  accessToken: session.accessToken,
  refreshToken: session.refreshToken,
  tokenType: session.tokenType,
  expiresIn: session.expiresIn,
  user: toProfileResponse(profile),
});
