import { Role } from '../../../common/auth/role';

/** Who asks for an assignment (the caller, as the ticket module's Viewer). */
export interface Assigner {
  id: string;
  role: Role;
  departmentId: string | null;
  teamId: string | null;
}

/** What decides whether a user may hold a ticket: their role, account state and staff placement. */
export interface AssigneeFacts {
  userId: string;
  role: Role;
  isActive: boolean;
  /** the staff profile's department and team; null when the user has no staff profile */
  departmentId: string | null;
  teamId: string | null;
}

export interface TeamFacts {
  id: string;
  departmentId: string;
}

export type AssignmentCheck = { ok: true } | { ok: false; reason: string };

const OK: AssignmentCheck = { ok: true };
const no = (reason: string): AssignmentCheck => ({ ok: false, reason });

/** Only agents and team leads hold tickets; `available` matters for round robin, never for a manual assignment. */
export const HOLDS_TICKETS: readonly Role[] = [Role.AGENT, Role.TEAM_LEAD];

/**
 * Why `candidate` may not hold a ticket of `ticketDepartmentId` (an answer for a 409), or null when they may:
 * they must be an active AGENT or TEAM_LEAD placed in the ticket's department.
 */
export function ineligibilityOf(
  candidate: AssigneeFacts | null,
  ticketDepartmentId: string | null,
): string | null {
  if (!candidate) return 'the assignee does not exist';
  if (!candidate.isActive) return 'the assignee is deactivated';
  if (!HOLDS_TICKETS.includes(candidate.role)) {
    return `the assignee is ${candidate.role === Role.ADMIN ? 'an ADMIN' : 'an END_USER'}, and only agents and team leads hold tickets`;
  }
  if (!ticketDepartmentId) return 'the ticket has no department, so it has no staff to assign';
  if (!candidate.departmentId) return 'the assignee is not placed in any department';
  if (candidate.departmentId !== ticketDepartmentId) {
    return "the assignee is staff of another department than the ticket's";
  }
  return null;
}

/**
 * May `assigner` give the ticket to `assignee` (already known to be eligible)? ADMIN: anyone; anyone staff: themselves;
 * TEAM_LEAD: anyone of their department; AGENT: members of their own team.
 */
export function checkAssigner(assigner: Assigner, assignee: AssigneeFacts): AssignmentCheck {
  switch (assigner.role) {
    case Role.ADMIN:
      return OK;
    case Role.TEAM_LEAD:
      if (assigner.id === assignee.userId) return OK;
      return assigner.departmentId !== null && assignee.departmentId === assigner.departmentId
        ? OK
        : no('A team lead may assign only staff of their own department');
    case Role.AGENT:
      if (assigner.id === assignee.userId) return OK;
      return assigner.teamId !== null && assignee.teamId === assigner.teamId
        ? OK
        : no('An agent may assign only themselves or members of their own team');
    case Role.END_USER:
      return no('Only staff may assign tickets');
  }
}

/** May `assigner` hand the ticket to `team` (a team of the ticket's department)? AGENT: only their own team. */
export function checkTeamAssigner(assigner: Assigner, team: TeamFacts): AssignmentCheck {
  switch (assigner.role) {
    case Role.ADMIN:
      return OK;
    case Role.TEAM_LEAD:
      return assigner.departmentId === team.departmentId
        ? OK
        : no('A team lead may assign only to teams of their own department');
    case Role.AGENT:
      return assigner.teamId === team.id ? OK : no('An agent may assign a ticket only to their own team');
    case Role.END_USER:
      return no('Only staff may assign tickets');
  }
}

/** Round robin is a system pick, so any staff of the ticket's department (or an ADMIN) may ask for it. */
export function checkRoundRobinRequester(
  assigner: Assigner,
  ticketDepartmentId: string | null,
): AssignmentCheck {
  if (assigner.role === Role.ADMIN) return OK;
  if (!HOLDS_TICKETS.includes(assigner.role)) return no('Only staff may assign tickets');
  return assigner.departmentId !== null && assigner.departmentId === ticketDepartmentId
    ? OK
    : no('You may round-robin only tickets of your own department');
}
