import {
  ApprovalMode,
  ApprovalStatus,
  ApproverRule,
  ApproverSource,
  Decision,
  StepApprover,
  StepStatus,
} from '../domain/approval';

export interface RequestRow {
  id: string;
  ticket_id: string;
  ticket_pid: string;
  requester_id: string;
  service_item_id: string | null;
  status: ApprovalStatus;
  current_step: number | null;
  created_at: Date;
  closed_at: Date | null;
}

export interface StepRow {
  id: string;
  request_id: string;
  position: number;
  mode: ApprovalMode;
  rules: ApproverRule[];
  status: StepStatus;
  opened_at: Date | null;
  closed_at: Date | null;
}

export interface ApproverRow {
  step_id: string;
  user_id: string;
  source: ApproverSource;
  added_at: Date;
  is_active: boolean;
  replaced_by: string | null;
  replaced_at: Date | null;
  decision: Decision | null;
  decided_by: string | null;
  comment: string | null;
  decided_at: Date | null;
}

export const REQUEST_COLUMNS = `r.id, r.ticket_id, t.pid AS ticket_pid, t.requester_id, r.service_item_id, r.status,
  r.current_step, r.created_at, r.closed_at`;

export const toApprover = (a: ApproverRow): StepApprover => ({
  userId: a.user_id,
  source: a.source,
  addedAt: a.added_at,
  active: a.is_active,
  replacedBy: a.replaced_by,
  replacedAt: a.replaced_at,
  decision: a.decision,
  decidedBy: a.decided_by,
  comment: a.comment,
  decidedAt: a.decided_at,
});
