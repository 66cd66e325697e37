import { Page, PageRequest } from '../../../common/pagination/page';
import { TicketPriority } from '../../tickets/domain/ticket-enums';
import { SlaPolicy } from '../domain/sla-policy';
import {
  NewSlaPolicy,
  SlaPolicyChanges,
  SlaPolicyFilter,
  SlaPolicyRepository,
} from '../sla-policy-repository.port';
import { whereEquals } from '../../../infrastructure/database/sql';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { SLA_POLICIES } from './sla-policy.table';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

const RANK = `CASE priority WHEN 'URGENT' THEN 1 WHEN 'HIGH' THEN 2 WHEN 'MEDIUM' THEN 3 ELSE 4 END`;

@SqlAdapter(SlaPolicyRepository)
export class SqlSlaPolicyRepository extends SqlRepository implements SlaPolicyRepository {
  async list(filter: SlaPolicyFilter, page: PageRequest): Promise<Page<SlaPolicy>> {
    const params: unknown[] = [];
    const where = whereEquals({ department_id: filter.departmentId, priority: filter.priority }, params);
    return this.pagedIn(SLA_POLICIES, page, `department_id NULLS FIRST, ${RANK}, id`, where, params);
  }

  findById(id: string): Promise<SlaPolicy | null> {
    return this.findIn(SLA_POLICIES, id);
  }

  insert(policy: NewSlaPolicy): Promise<SlaPolicy> {
    return this.insertInto(SLA_POLICIES, policy);
  }

  update(id: string, changes: SlaPolicyChanges): Promise<SlaPolicy | null> {
    return this.updateIn(SLA_POLICIES, id, changes);
  }

  async candidates(priority: TicketPriority, departmentId: string | null): Promise<SlaPolicy[]> {
    return this.rows<SlaPolicy>(
      `SELECT ${SLA_POLICIES.columns} FROM ${SLA_POLICIES.from}
        WHERE priority = $1 AND (department_id IS NULL OR department_id = $2)`,
      [priority, departmentId],
    );
  }

  async departmentExists(departmentId: string): Promise<boolean> {
    const rows = await this.rows(`SELECT 1 FROM departments WHERE id = $1 AND is_active`, [departmentId]);
    return rows.length > 0;
  }
}
