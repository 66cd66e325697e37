import { Page, PageRequest } from '../../common/pagination/page';
import {
  AccessRequest,
  AccessRequestScope,
  AccessRequestStatus,
  RequestedTicket,
} from './domain/access-request';

export interface NewAccessRequest {
  ticketId: string;
  requestedBy: string;
  reason: string;
}

export interface AccessRequestFilter {
  status?: AccessRequestStatus;
  ticketId?: string;
}

export type AccessRequestWithTicket = AccessRequest & { ticket: RequestedTicket };

export abstract class AccessRequestRepository {
  /** The new request, or null when this user already has one pending for the ticket (in the caller's transaction). */
  abstract createPending(request: NewAccessRequest): Promise<AccessRequest | null>;
  /** A request with the facts of its ticket; locked for the rest of the transaction when `lock`. */
  abstract find(id: string, lock?: boolean): Promise<AccessRequestWithTicket | null>;
  abstract decide(
    id: string,
    status: AccessRequestStatus,
    decidedBy: string,
    comment: string | null,
  ): Promise<AccessRequest>;
  /** Requests the scope decides, newest first. */
  abstract list(
    scope: AccessRequestScope,
    filter: AccessRequestFilter,
    page: PageRequest,
  ): Promise<Page<AccessRequest>>;
  /** The active TEAM_LEADs of a department: with the ticket's requester, those asked to decide. */
  abstract departmentLeads(departmentId: string): Promise<string[]>;
}
