import { Injectable } from '@nestjs/common';
import { Page, PageRequest } from '../../../common/pagination/page';
import { TicketPriority } from '../../tickets/domain/ticket-enums';
import { TicketTemplate } from '../domain/catalog';
import { NewTemplate, TemplateChanges, TemplateRepository } from '../template-repository.port';
import { json, setClause } from '../../../infrastructure/database/sql';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { MeasuredRepository } from '../../../infrastructure/database/measured-repository';
import { Implements } from '../../../common/di/implements';

interface TemplateRow {
  id: string;
  name: string;
  owner_id: string;
  title: string | null;
  description: string | null;
  priority: TicketPriority | null;
  category_id: string | null;
  service_item_id: string | null;
  tags: string[] | null;
  custom_fields: Record<string, unknown> | null;
  department_id: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, name, owner_id, title, description, priority, category_id, service_item_id, tags,
  custom_fields, department_id, created_at, updated_at`;

const toTemplate = (r: TemplateRow): TicketTemplate => ({
  id: r.id,
  name: r.name,
  ownerId: r.owner_id,
  title: r.title,
  description: r.description,
  priority: r.priority,
  categoryId: r.category_id,
  serviceItemId: r.service_item_id,
  tags: r.tags,
  customFields: r.custom_fields,
  departmentId: r.department_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

@Implements(TemplateRepository)
@MeasuredRepository()
@Injectable()
export class SqlTemplateRepository extends SqlRepository implements TemplateRepository {
  async list(page: PageRequest): Promise<Page<TicketTemplate>> {
    return this.paged(
      { columns: COLUMNS, from: 'ticket_templates', orderBy: 'lower(name), id' },
      page,
      toTemplate,
    );
  }

  async findById(id: string): Promise<TicketTemplate | null> {
    const [row] = await this.rows<TemplateRow>(`SELECT ${COLUMNS} FROM ticket_templates WHERE id = $1`, [id]);
    return row ? toTemplate(row) : null;
  }

  async insert(t: NewTemplate): Promise<TicketTemplate> {
    const [row] = await this.rows<TemplateRow>(
      `INSERT INTO ticket_templates (name, owner_id, title, description, priority, category_id, service_item_id,
         tags, custom_fields, department_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
      [
        t.name,
        t.ownerId,
        t.title,
        t.description,
        t.priority,
        t.categoryId,
        t.serviceItemId,
        t.tags,
        json(t.customFields),
        t.departmentId,
      ],
    );
    return toTemplate(row);
  }

  async update(id: string, changes: TemplateChanges): Promise<TicketTemplate | null> {
    const params: unknown[] = [id];
    const set = setClause(
      {
        name: changes.name,
        title: changes.title,
        description: changes.description,
        priority: changes.priority,
        category_id: changes.categoryId,
        service_item_id: changes.serviceItemId,
        tags: changes.tags,
        custom_fields: json(changes.customFields),
        department_id: changes.departmentId,
      },
      params,
    );
    const [row] = await this.rows<TemplateRow>(
      `UPDATE ticket_templates SET ${set} WHERE id = $1 RETURNING ${COLUMNS}`,
      params,
    );
    return row ? toTemplate(row) : null;
  }

  async delete(id: string): Promise<void> {
    await this.rows(`DELETE FROM ticket_templates WHERE id = $1`, [id]);
  }
}
