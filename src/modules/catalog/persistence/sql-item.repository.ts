import { Injectable } from '@nestjs/common';
import { Page, PageRequest } from '../../../common/pagination/page';
import { TicketPriority } from '../../tickets/domain/ticket-enums';
import { ApprovalChainDefinition } from '../domain/approval-definition';
import { ServiceItem } from '../domain/catalog';
import { ItemChanges, ItemFilter, ItemRepository, NewItem } from '../item-repository.port';
import { json, setClause, whereEquals } from '../../../infrastructure/database/sql';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { MeasuredRepository } from '../../../infrastructure/database/measured-repository';
import { Implements } from '../../../common/di/implements';

interface ItemRow {
  id: string;
  category_id: string;
  name: string;
  description: string;
  department_id: string;
  default_priority: TicketPriority;
  sla_resolution_hours: number | null;
  form_schema: Record<string, unknown> | null;
  approval: ApprovalChainDefinition | null;
  is_active: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, category_id, name, description, department_id, default_priority, sla_resolution_hours,
  form_schema, approval, is_active, version, created_at, updated_at`;
const DUPLICATE = 'An item with this name already exists in the category';

const toItem = (r: ItemRow): ServiceItem => ({
  id: r.id,
  categoryId: r.category_id,
  name: r.name,
  description: r.description,
  departmentId: r.department_id,
  defaultPriority: r.default_priority,
  slaResolutionHours: r.sla_resolution_hours,
  formSchema: r.form_schema,
  approval: r.approval,
  isActive: r.is_active,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

@Implements(ItemRepository)
@MeasuredRepository()
@Injectable()
export class SqlItemRepository extends SqlRepository implements ItemRepository {
  async listActive(): Promise<ServiceItem[]> {
    return (await this.rows<ItemRow>(`SELECT ${COLUMNS} FROM service_items WHERE is_active`)).map(toItem);
  }

  async list(filter: ItemFilter, page: PageRequest): Promise<Page<ServiceItem>> {
    const params: unknown[] = [];
    const where = whereEquals(
      { category_id: filter.categoryId },
      params,
      filter.includeInactive ? [] : ['is_active'],
    );
    return this.paged(
      { columns: COLUMNS, from: `service_items ${where}`, orderBy: 'lower(name), id', params },
      page,
      toItem,
    );
  }

  async findById(id: string, lock = false): Promise<ServiceItem | null> {
    const [row] = await this.rows<ItemRow>(
      `SELECT ${COLUMNS} FROM service_items WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row ? toItem(row) : null;
  }

  async insert(i: NewItem): Promise<ServiceItem> {
    const [row] = await this.write<ItemRow>(
      `INSERT INTO service_items (category_id, name, description, department_id, default_priority,
         sla_resolution_hours, form_schema, approval)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [
        i.categoryId,
        i.name,
        i.description,
        i.departmentId,
        i.defaultPriority,
        i.slaResolutionHours,
        json(i.formSchema),
        json(i.approval),
      ],
      DUPLICATE,
    );
    return toItem(row);
  }

  async update(id: string, changes: ItemChanges): Promise<ServiceItem | null> {
    const params: unknown[] = [id];
    const set = setClause(
      {
        category_id: changes.categoryId,
        name: changes.name,
        description: changes.description,
        department_id: changes.departmentId,
        default_priority: changes.defaultPriority,
        sla_resolution_hours: changes.slaResolutionHours,
        form_schema: json(changes.formSchema),
        approval: json(changes.approval),
        is_active: changes.isActive,
      },
      params,
    );
    const [row] = await this.write<ItemRow>(
      `UPDATE service_items SET ${set}, version = version + 1 WHERE id = $1 RETURNING ${COLUMNS}`,
      params,
      DUPLICATE,
    );
    return row ? toItem(row) : null;
  }

  async isReferenced(id: string): Promise<boolean> {
    const [row] = await this.rows<{ referenced: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM tickets WHERE service_item_id = $1)
           OR EXISTS (SELECT 1 FROM ticket_templates WHERE service_item_id = $1) AS referenced`,
      [id],
    );
    return row.referenced;
  }

  async delete(id: string): Promise<void> {
    await this.rows(`DELETE FROM service_items WHERE id = $1`, [id]);
  }
}
