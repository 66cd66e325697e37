import { lockClause } from '../../../infrastructure/database/sql';
import { isUuid } from '../../../common/ids';
import { Page, PageRequest } from '../../../common/pagination/page';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import {
  AccessRequestFilter,
  AccessRequestRepository,
  AccessRequestWithTicket,
  NewAccessRequest,
} from '../access-request-repository.port';
import { AccessRequest, AccessRequestScope, AccessRequestStatus } from '../domain/access-request';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

interface AccessRequestRow {
  id: string;
  ticket_id: string;
  ticket_pid: string;
  requested_by: string;
  reason: string;
  status: AccessRequestStatus;
  decided_by: string | null;
  decision_comment: string | null;
  decided_at: Date | null;
  created_at: Date;
  ticket_requester_id: string;
  ticket_department_id: string | null;
}

const COLUMNS = `r.id, r.ticket_id, t.pid AS ticket_pid, r.requested_by, r.reason, r.status, r.decided_by,
  r.decision_comment, r.decided_at, r.created_at, t.requester_id AS ticket_requester_id,
  t.department_id AS ticket_department_id`;

const toRequest = (r: AccessRequestRow): AccessRequestWithTicket => ({
  id: r.id,
  ticketId: r.ticket_id,
  ticketPid: r.ticket_pid,
  requestedBy: r.requested_by,
  reason: r.reason,
  status: r.status,
  decidedBy: r.decided_by,
  decisionComment: r.decision_comment,
  decidedAt: r.decided_at,
  createdAt: r.created_at,
  ticket: { requesterId: r.ticket_requester_id, departmentId: r.ticket_department_id },
});

@SqlAdapter(AccessRequestRepository)
export class SqlAccessRequestRepository extends SqlRepository implements AccessRequestRepository {
  async createPending(request: NewAccessRequest): Promise<AccessRequest | null> {
    const [inserted] = await this.rows<{ id: string }>(
      `INSERT INTO ticket_access_requests (ticket_id, requested_by, reason) VALUES ($1, $2, $3)
       ON CONFLICT (ticket_id, requested_by) WHERE status = 'PENDING' DO NOTHING RETURNING id`,
      [request.ticketId, request.requestedBy, request.reason],
    );
    return inserted ? this.find(inserted.id) : null;
  }

  async find(id: string, lock = false): Promise<AccessRequestWithTicket | null> {
    if (!isUuid(id)) return null;
    const row = await this.one<AccessRequestRow>(
      `SELECT ${COLUMNS} FROM ticket_access_requests r JOIN tickets t ON t.id = r.ticket_id
        WHERE r.id = $1${lockClause(lock, 'r')}`,
      [id],
    );
    return row && toRequest(row);
  }

  async decide(
    id: string,
    status: AccessRequestStatus,
    decidedBy: string,
    comment: string | null,
  ): Promise<AccessRequest> {
    await this.rows(
      `UPDATE ticket_access_requests SET status = $2, decided_by = $3, decision_comment = $4, decided_at = now()
        WHERE id = $1`,
      [id, status, decidedBy, comment],
    );
    return (await this.find(id))!;
  }

  async list(
    scope: AccessRequestScope,
    filter: AccessRequestFilter,
    page: PageRequest,
  ): Promise<Page<AccessRequest>> {
    const params: unknown[] = [scope.userId];
    const add = (v: unknown) => `$${params.push(v)}`;
    const conditions = ['r.requested_by <> $1'];
    if (!scope.all) {
      const mine = ['t.requester_id = $1'];
      if (scope.leadOf) mine.push(`t.department_id = ${add(scope.leadOf)}`);
      conditions.push(`(${mine.join(' OR ')})`);
    }
    if (filter.status) conditions.push(`r.status = ${add(filter.status)}`);
    if (filter.ticketId) conditions.push(`r.ticket_id = ${add(filter.ticketId)}`);
    const rows = await this.paged<AccessRequestRow>(
      {
        columns: COLUMNS,
        from: `FROM ticket_access_requests r JOIN tickets t ON t.id = r.ticket_id WHERE ${conditions.join(' AND ')}`,
        orderBy: 'r.created_at DESC, r.id',
        params,
      },
      page,
    );
    return rows.map(toRequest);
  }

  async departmentLeads(departmentId: string): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(
      `SELECT u.id FROM users u JOIN staff_profiles s ON s.user_id = u.id
        WHERE s.department_id = $1 AND u.role = 'TEAM_LEAD' AND u.is_active ORDER BY u.id`,
      [departmentId],
    );
    return rows.map((r) => r.id);
  }
}
