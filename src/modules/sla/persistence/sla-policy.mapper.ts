import { TicketPriority } from '../../tickets/domain/ticket-enums';
import { SlaPolicy } from '../domain/sla-policy';

/** An `sla_policies` row as the SLA repositories read it. */
export interface PolicyRow {
  id: string;
  priority: TicketPriority;
  department_id: string | null;
  first_response_minutes: number;
  resolution_minutes: number;
  created_at: Date;
  updated_at: Date;
}

export const toPolicy = (r: PolicyRow): SlaPolicy => ({
  id: r.id,
  priority: r.priority,
  departmentId: r.department_id,
  firstResponseMinutes: r.first_response_minutes,
  resolutionMinutes: r.resolution_minutes,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
