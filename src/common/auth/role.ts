export enum Role {
  END_USER = 'END_USER',
  AGENT = 'AGENT',
  TEAM_LEAD = 'TEAM_LEAD',
  ADMIN = 'ADMIN',
}

export const ROLES = Object.values(Role);

/** Staff work tickets and belong to a department; admins may too, end users never do. */
export const isStaffRole = (role: Role): boolean => role === Role.AGENT || role === Role.TEAM_LEAD;

/** Everyone who works tickets: agents, team leads and admins (the roles of most staff-only routes). */
export const STAFF: [Role, ...Role[]] = [Role.AGENT, Role.TEAM_LEAD, Role.ADMIN];

/** Administrators alone: who changes the organisation, the catalog, the SLAs and the integrations. */
export const ADMINS: [Role, ...Role[]] = [Role.ADMIN];
