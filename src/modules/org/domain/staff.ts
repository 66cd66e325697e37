import { Role } from './role';

/** A user with a staff profile: the department (and team) whose tickets they work. */
export interface StaffMember {
  userId: string;
  email: string;
  fullName: string;
  role: Role;
  departmentId: string;
  teamId: string | null;
  /** takes round-robin assignments */
  available: boolean;
  isActive: boolean;
}

export interface StaffFilter {
  departmentId?: string;
  teamId?: string;
  role?: Role;
  available?: boolean;
  /** deactivated users are left out unless asked for */
  includeInactive: boolean;
}
