import { Role } from './domain/role';
import { NewUser, User, UserCredentials } from './domain/user';

/** What a session needs to know about its user on every request (the auth module caches it; see UserSessionChanges). */
export interface SessionState {
  id: string;
  email: string;
  role: Role;
  isActive: boolean;
  tokenGeneration: number;
  departmentId: string | null;
  teamId: string | null;
}

/**
 * Users as identities: credentials, self-registration (and the seeded ADMIN), session state. The auth module, guest
 * submission and inbound email use it; administering accounts is UserAccountRepository's. Every method that changes
 * what a session depends on reports it through UserSessionChanges, so a deactivation or password change takes effect
 * on the next request.
 */
export abstract class UserDirectory {
  abstract findCredentialsByEmail(email: string): Promise<UserCredentials | null>;
  abstract findCredentialsById(id: string): Promise<UserCredentials | null>;
  abstract hasActiveAdmin(): Promise<boolean>;
  /** Inserts unless the (case-insensitive) email is taken; null when it was. */
  abstract register(user: NewUser): Promise<User | null>;
  abstract sessionState(userId: string): Promise<SessionState | null>;
  /** Sets a new password hash and ends every session (bumps the token generation); returns the new generation. */
  abstract setPassword(userId: string, passwordHash: string): Promise<number>;
  /** Ends every session of the user; returns the new generation. */
  abstract revokeSessions(userId: string): Promise<number>;
}
