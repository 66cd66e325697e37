import { Role } from './role';

/**
 * Who is acting: the one caller type every service takes. Built once per request by the JWT strategy (from the
 * user's current state, not the claims at login); inbound mail acts as the sender's actor, jobs as `systemActor`.
 */
export interface Actor {
  id: string;
  role: Role;
  /** staff only: the department and team whose tickets they work */
  departmentId: string | null;
  teamId: string | null;
}

/** The actor of a user as the directory knows them (inbound mail, guest submission: no token involved). */
export const actorOf = (user: Actor): Actor => ({
  id: user.id,
  role: user.role,
  departmentId: user.departmentId,
  teamId: user.teamId,
});

/** What a rule that looks at the caller's role and department only needs of an `Actor`. */
export type Caller = Pick<Actor, 'id' | 'role' | 'departmentId'>;
