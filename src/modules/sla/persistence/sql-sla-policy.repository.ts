import { Injectable } from '@nestjs/common';
import { MeasuredRepository } from '../../../infrastructure/database/measured-repository';
import { Page, PageRequest } from '../../../common/pagination/page';
import { TicketPriority } from '../../tickets/domain/ticket-enums';
import { SlaPolicy } from '../domain/sla-policy';
import {
  NewSlaPolicy,
  SlaPolicyChanges,
  SlaPolicyFilter,
  SlaPolicyRepository,
} from '../sla-policy-repository.port';
import { setClause, whereEquals } from '../../../infrastructure/database/sql';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { PolicyRow, toPolicy } from './sla-policy.mapper';
import { Implements } from '../../../common/di/implements';

const COLUMNS =
  'id, priority, department_id, first_response_minutes, resolution_minutes, created_at, updated_at';
const DUPLICATE = 'A policy for this priority and department already exists; change it with PATCH';
const RANK = `CASE priority WHEN 'URGENT' THEN 1 WHEN 'HIGH' THEN 2 WHEN 'MEDIUM' THEN 3 ELSE 4 END`;

@Implements(SlaPolicyRepository)
@MeasuredRepository()
@Injectable()
export class SqlSlaPolicyRepository extends SqlRepository implements SlaPolicyRepository {
  async list(filter: SlaPolicyFilter, page: PageRequest): Promise<Page<SlaPolicy>> {
    const params: unknown[] = [];
    const where = whereEquals({ department_id: filter.departmentId, priority: filter.priority }, params);
    return this.paged(
      {
        columns: COLUMNS,
        from: `sla_policies ${where}`,
        orderBy: `department_id NULLS FIRST, ${RANK}, id`,
        params,
      },
      page,
      toPolicy,
    );
  }

  async findById(id: string): Promise<SlaPolicy | null> {
    const [row] = await this.rows<PolicyRow>(`SELECT ${COLUMNS} FROM sla_policies WHERE id = $1`, [id]);
    return row ? toPolicy(row) : null;
  }

  async insert(p: NewSlaPolicy): Promise<SlaPolicy> {
    const [row] = await this.write<PolicyRow>(
      `INSERT INTO sla_policies (priority, department_id, first_response_minutes, resolution_minutes)
       VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [p.priority, p.departmentId, p.firstResponseMinutes, p.resolutionMinutes],
      DUPLICATE,
    );
    return toPolicy(row);
  }

  async update(id: string, changes: SlaPolicyChanges): Promise<SlaPolicy | null> {
    const params: unknown[] = [id];
    const set = setClause(
      {
        priority: changes.priority,
        department_id: changes.departmentId,
        first_response_minutes: changes.firstResponseMinutes,
        resolution_minutes: changes.resolutionMinutes,
      },
      params,
    );
    const [row] = await this.write<PolicyRow>(
      `UPDATE sla_policies SET ${set} WHERE id = $1 RETURNING ${COLUMNS}`,
      params,
      DUPLICATE,
    );
    return row ? toPolicy(row) : null;
  }

  async candidates(priority: TicketPriority, departmentId: string | null): Promise<SlaPolicy[]> {
    const rows = await this.rows<PolicyRow>(
      `SELECT ${COLUMNS} FROM sla_policies
        WHERE priority = $1 AND (department_id IS NULL OR department_id = $2)`,
      [priority, departmentId],
    );
    return rows.map(toPolicy);
  }

  async departmentExists(departmentId: string): Promise<boolean> {
    const rows = await this.rows(`SELECT 1 FROM departments WHERE id = $1 AND is_active`, [departmentId]);
    return rows.length > 0;
  }
}
