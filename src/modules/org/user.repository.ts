import { NewUser, User, UserCredentials } from './domain/user';

/** Port for users; implemented with TypeORM in persistence/. */
export abstract class UserRepository {
  abstract findCredentialsByEmail(email: string): Promise<UserCredentials | null>;
  abstract hasActiveAdmin(): Promise<boolean>;
  /** Inserts unless the (case-insensitive) email is taken; null when it was. */
  abstract insertIfEmailFree(user: NewUser): Promise<User | null>;
}
