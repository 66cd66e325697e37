import { SqlTable } from '../../../infrastructure/database/sql-table';
import { SlaPolicy } from '../domain/sla-policy';

/** `sla_policies` as the SLA repositories read and write it. */
export const SLA_POLICIES = new SqlTable<SlaPolicy>({
  from: 'sla_policies p',
  columns: `p.id, p.priority, p.department_id, p.first_response_minutes, p.resolution_minutes, p.created_at,
    p.updated_at`,
  insert: 'priority, department_id, first_response_minutes, resolution_minutes',
  update: 'priority, department_id, first_response_minutes, resolution_minutes',
  taken: 'A policy for this priority and department already exists; change it with PATCH',
});
