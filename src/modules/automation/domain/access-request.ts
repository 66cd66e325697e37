import { Role } from '../../../common/auth/role';

export enum AccessRequestStatus {
  PENDING = 'PENDING',
  GRANTED = 'GRANTED',
  DENIED = 'DENIED',
}

export interface AccessRequest {
  id: string;
  ticketId: string;
  ticketPid: string;
  requestedBy: string;
  reason: string;
  status: AccessRequestStatus;
  decidedBy: string | null;
  decisionComment: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

export interface AccessUser {
  id: string;
  role: Role;
  departmentId: string | null;
}

/** What deciding needs to know about the ticket a request is for. */
export interface RequestedTicket {
  requesterId: string;
  departmentId: string | null;
}

/**
 * Who decides a request: the ticket's requester, a TEAM_LEAD of the ticket's department, or an ADMIN. The person
 * who asked never decides their own request.
 */
export function mayDecide(
  user: AccessUser,
  request: Pick<AccessRequest, 'requestedBy'>,
  ticket: RequestedTicket,
) {
  if (user.id === request.requestedBy) return false;
  if (user.role === Role.ADMIN || user.id === ticket.requesterId) return true;
  return (
    user.role === Role.TEAM_LEAD && user.departmentId !== null && user.departmentId === ticket.departmentId
  );
}

/** Whose requests a user lists: those they may decide (a department's leads, a ticket's requester, every one). */
export interface AccessRequestScope {
  userId: string;
  all: boolean;
  /** the department whose tickets' requests a TEAM_LEAD decides */
  leadOf: string | null;
}

export const accessRequestScopeOf = (user: AccessUser): AccessRequestScope => ({
  userId: user.id,
  all: user.role === Role.ADMIN,
  leadOf: user.role === Role.TEAM_LEAD ? user.departmentId : null,
});
