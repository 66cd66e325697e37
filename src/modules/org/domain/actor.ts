import { Role } from './role';

/** Who is asking: the authenticated caller as the services need it (AuthUser satisfies it). */
export interface Actor {
  id: string;
  role: Role;
  /** staff only: the department the caller works in */
  departmentId: string | null;
}
