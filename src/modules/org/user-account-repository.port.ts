import { Page, PageRequest } from '../../common/pagination/page';
import { RowLock } from './department-repository.port';
import { Role } from './domain/role';
import { UserAccount, UserFilter } from './domain/user-account';

export interface NewUserAccount {
  /** normalised (trimmed, lower-case) */
  email: string;
  passwordHash: string;
  fullName: string;
  role: Role;
}

export interface UserAccountChanges {
  fullName?: string;
  role?: Role;
  isActive?: boolean;
}

export interface StaffProfile {
  departmentId: string;
  teamId: string | null;
  available: boolean;
}

/** Port for managing user accounts and their staff profiles; implemented with TypeORM in persistence/. */
export abstract class UserAccountRepository {
  abstract findById(id: string, options?: RowLock): Promise<UserAccount | null>;
  abstract list(filter: UserFilter, page: PageRequest): Promise<Page<UserAccount>>;
  /** @throws ConflictError when the email is taken (case-insensitively) */
  abstract create(user: NewUserAccount): Promise<UserAccount>;
  /** false when there is no such user */
  abstract update(id: string, changes: UserAccountChanges): Promise<boolean>;
  /** creates or replaces the user's staff profile */
  abstract saveStaffProfile(userId: string, profile: StaffProfile): Promise<void>;
  abstract removeStaffProfile(userId: string): Promise<void>;
  /**
   * The ids of the active ADMINs, their rows locked for update until the transaction ends. They are locked in id
   * order, so two transactions that both take this lock first never deadlock on it. Inside a transaction only.
   */
  abstract lockActiveAdmins(): Promise<string[]>;
}
