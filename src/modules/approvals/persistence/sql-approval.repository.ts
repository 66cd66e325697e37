import { lockClause } from '../../../infrastructure/database/sql';
import { isUuid } from '../../../common/ids';
import { Page, PageRequest } from '../../../common/pagination/page';
import {
  ApprovalFilter,
  ApprovalRepository,
  NewApprovalRequest,
  PendingApproval,
} from '../approval-repository.port';
import {
  ApprovalMode,
  ApprovalRequest,
  ApprovalStatus,
  ApprovalStep,
  Decision,
  ResolvedStep,
  StepStatus,
} from '../domain/approval';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { ApproverRow, REQUEST_COLUMNS, RequestRow, StepRow, toApprover } from './approval-row.mapper';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

@SqlAdapter(ApprovalRepository)
export class SqlApprovalRepository extends SqlRepository implements ApprovalRepository {
  async create(request: NewApprovalRequest): Promise<string> {
    const [row] = await this.rows<{ id: string }>(
      `INSERT INTO approval_requests (ticket_id, service_item_id, chain, current_step) VALUES ($1, $2, $3, 1)
       RETURNING id`,
      [request.ticketId, request.serviceItemId, JSON.stringify(request.chain)],
    );
    await this.rows(
      `INSERT INTO approval_steps (request_id, position, mode, rules)
       SELECT $1, s.ordinality, s.step->>'mode', s.step->'approvers'
         FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS s(step, ordinality)`,
      [row.id, JSON.stringify(request.chain.steps)],
    );
    return row.id;
  }

  async find(id: string, lock = false): Promise<ApprovalRequest | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.rows<RequestRow>(
      `SELECT ${REQUEST_COLUMNS} FROM approval_requests r JOIN tickets t ON t.id = r.ticket_id
        WHERE r.id = $1${lockClause(lock, 'r')}`,
      [id],
    );
    return row ? (await this.assemble([row]))[0] : null;
  }

  async ticketIdOf(id: string): Promise<string | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.rows<{ ticket_id: string }>(
      `SELECT ticket_id FROM approval_requests WHERE id = $1`,
      [id],
    );
    return row?.ticket_id ?? null;
  }

  async listByTicket(ticketId: string): Promise<ApprovalRequest[]> {
    const rows = await this.rows<RequestRow>(
      `SELECT ${REQUEST_COLUMNS} FROM approval_requests r JOIN tickets t ON t.id = r.ticket_id
        WHERE r.ticket_id = $1 ORDER BY r.created_at, r.id`,
      [ticketId],
    );
    return this.assemble(rows);
  }

  async lockPendingOfTicket(ticketId: string): Promise<ApprovalRequest | null> {
    const [row] = await this.rows<RequestRow>(
      `SELECT ${REQUEST_COLUMNS} FROM approval_requests r JOIN tickets t ON t.id = r.ticket_id
        WHERE r.ticket_id = $1 AND r.status = 'PENDING' FOR UPDATE OF r`,
      [ticketId],
    );
    return row ? (await this.assemble([row]))[0] : null;
  }

  async openStep(requestId: string, position: number, resolved: ResolvedStep): Promise<void> {
    const [step] = await this.rows<{ id: string }>(
      `UPDATE approval_steps SET status = 'PENDING', mode = $3, opened_at = now()
        WHERE request_id = $1 AND position = $2 AND status = 'WAITING' RETURNING id`,
      [requestId, position, resolved.mode],
    );
    if (!step) throw new Error(`step ${position} of approval ${requestId} is not waiting`);
    if (resolved.approvers.length > 0) {
      await this.rows(
        `INSERT INTO approval_step_approvers (step_id, user_id, source)
         SELECT $1, a.user_id, a.source FROM unnest($2::uuid[], $3::text[]) AS a(user_id, source)`,
        [step.id, resolved.approvers.map((a) => a.userId), resolved.approvers.map((a) => a.source)],
      );
    }
    await this.rows(`UPDATE approval_requests SET current_step = $2, updated_at = now() WHERE id = $1`, [
      requestId,
      position,
    ]);
  }

  async recordDecision(
    stepId: string,
    approverId: string,
    decidedBy: string,
    decision: Decision,
    comment: string | null,
  ): Promise<boolean> {
    // conditional: a second decision in the same name changes nothing, whatever got past the row lock
    const rows = await this.rows(
      `UPDATE approval_step_approvers SET decision = $3, decided_by = $4, comment = $5, decided_at = now()
        WHERE step_id = $1 AND user_id = $2 AND replaced_by IS NULL AND decision IS NULL
          AND EXISTS (SELECT 1 FROM approval_steps s WHERE s.id = $1 AND s.status = 'PENDING')
        RETURNING id`,
      [stepId, approverId, decision, decidedBy, comment],
    );
    return rows.length === 1;
  }

  async closeStep(
    stepId: string,
    status: typeof StepStatus.APPROVED | typeof StepStatus.REJECTED,
  ): Promise<void> {
    await this.rows(
      `UPDATE approval_steps SET status = $2, closed_at = now() WHERE id = $1 AND status = 'PENDING'`,
      [stepId, status],
    );
  }

  async close(
    requestId: string,
    status: typeof ApprovalStatus.APPROVED | typeof ApprovalStatus.REJECTED | typeof ApprovalStatus.CANCELLED,
  ): Promise<void> {
    await this.rows(
      `UPDATE approval_steps SET status = 'CANCELLED', closed_at = CASE WHEN status = 'PENDING' THEN now() END
        WHERE request_id = $1 AND status IN ('WAITING', 'PENDING')`,
      [requestId],
    );
    await this.rows(
      `UPDATE approval_requests SET status = $2, current_step = NULL, closed_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'PENDING'`,
      [requestId, status],
    );
  }

  async replaceApprover(stepId: string, fromUserId: string, toUserId: string): Promise<boolean> {
    const replaced = await this.rows(
      `UPDATE approval_step_approvers SET replaced_by = $3, replaced_at = now()
        WHERE step_id = $1 AND user_id = $2 AND replaced_by IS NULL AND decision IS NULL RETURNING id`,
      [stepId, fromUserId, toUserId],
    );
    if (replaced.length === 0) return false;
    await this.rows(
      `INSERT INTO approval_step_approvers (step_id, user_id, source) VALUES ($1, $2, 'REASSIGNED')`,
      [stepId, toUserId],
    );
    return true;
  }

  async pendingFor(userId: string, page: PageRequest): Promise<Page<PendingApproval>> {
    const from = `
      FROM (SELECT $1::uuid AS approver_id, NULL::uuid AS on_behalf_of
            UNION ALL
            SELECT d.delegator_id, d.delegator_id FROM approval_delegations d
              JOIN users du ON du.id = d.delegator_id AND du.is_active
             WHERE d.delegate_id = $1 AND d.starts_at <= now() AND d.ends_at > now()) c
      JOIN approval_step_approvers a
        ON a.user_id = c.approver_id AND a.decision IS NULL AND a.replaced_by IS NULL
      JOIN approval_steps s ON s.id = a.step_id AND s.status = 'PENDING'
      JOIN approval_requests r ON r.id = s.request_id AND r.status = 'PENDING'
      JOIN tickets t ON t.id = r.ticket_id AND t.status = 'PENDING_APPROVAL'
     -- nobody approves their own ticket, not in a delegator's name either
     WHERE t.requester_id <> $1`;
    const rows = await this.paged<{
      id: string;
      ticket_id: string;
      ticket_pid: string;
      position: number;
      mode: ApprovalMode;
      added_at: Date;
      on_behalf_of: string | null;
    }>(
      {
        columns: 'r.id, r.ticket_id, t.pid AS ticket_pid, s.position, s.mode, a.added_at, c.on_behalf_of',
        from,
        orderBy: 'a.added_at, r.id, c.on_behalf_of NULLS FIRST',
        params: [userId],
      },
      page,
    );
    return rows.map((r) => ({
      id: r.id,
      ticketId: r.ticket_id,
      ticketPid: r.ticket_pid,
      step: r.position,
      mode: r.mode,
      requestedAt: r.added_at,
      onBehalfOf: r.on_behalf_of,
    }));
  }

  async list(filter: ApprovalFilter, page: PageRequest): Promise<Page<ApprovalRequest>> {
    const params: unknown[] = [];
    const add = (v: unknown) => `$${params.push(v)}`;
    const conditions: string[] = [];
    if (filter.status) conditions.push(`r.status = ${add(filter.status)}`);
    if (filter.pendingSince) {
      conditions.push(`r.status = 'PENDING'`, `r.created_at < ${add(filter.pendingSince)}`);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.paged<RequestRow>(
      {
        columns: REQUEST_COLUMNS,
        from: `FROM approval_requests r JOIN tickets t ON t.id = r.ticket_id ${where}`,
        orderBy: 'r.created_at, r.id',
        params,
      },
      page,
    );
    return new Page(await this.assemble(rows.items), rows.page, rows.limit, rows.total);
  }

  /** Requests with their steps and approvers, in three queries whatever their number. */
  private async assemble(requests: RequestRow[]): Promise<ApprovalRequest[]> {
    if (requests.length === 0) return [];
    const ids = requests.map((r) => r.id);
    const steps = await this.rows<StepRow>(
      `SELECT id, request_id, position, mode, rules, status, opened_at, closed_at FROM approval_steps
        WHERE request_id = ANY($1::uuid[]) ORDER BY request_id, position`,
      [ids],
    );
    const approvers = await this.rows<ApproverRow>(
      `SELECT a.step_id, a.user_id, a.source, a.added_at, u.is_active, a.replaced_by, a.replaced_at, a.decision,
              a.decided_by, a.comment, a.decided_at
         FROM approval_step_approvers a JOIN users u ON u.id = a.user_id
        WHERE a.step_id = ANY($1::uuid[]) ORDER BY a.added_at, a.id`,
      [steps.map((s) => s.id)],
    );
    const stepsOf = new Map<string, ApprovalStep[]>();
    for (const s of steps) {
      const step: ApprovalStep = {
        id: s.id,
        position: s.position,
        mode: s.mode,
        rules: s.rules,
        status: s.status,
        openedAt: s.opened_at,
        closedAt: s.closed_at,
        approvers: approvers.filter((a) => a.step_id === s.id).map(toApprover),
      };
      stepsOf.set(s.request_id, [...(stepsOf.get(s.request_id) ?? []), step]);
    }
    return requests.map((r) => ({
      id: r.id,
      ticketId: r.ticket_id,
      ticketPid: r.ticket_pid,
      requesterId: r.requester_id,
      serviceItemId: r.service_item_id,
      status: r.status,
      currentStep: r.current_step,
      createdAt: r.created_at,
      closedAt: r.closed_at,
      steps: stepsOf.get(r.id) ?? [],
    }));
  }
}
