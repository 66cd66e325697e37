import { Role } from './role';

/** The authenticated caller, as the JWT guard puts it on the request. */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  /** staff only: the department and team whose tickets they work */
  departmentId: string | null;
  teamId: string | null;
  /** the access token's id and expiry (seconds since epoch), for logout */
  jti: string;
  exp: number;
  /** the session (refresh-token family) this access token belongs to */
  sessionId: string;
}
