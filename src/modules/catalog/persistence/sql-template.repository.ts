import { TicketTemplate } from '../domain/catalog';
import { NewTemplate, TemplateChanges, TemplateRepository } from '../template-repository.port';
import { json } from '../../../infrastructure/database/sql';
import { SqlTable } from '../../../infrastructure/database/sql-table';
import { SqlListedTable } from '../../../infrastructure/database/sql-repository';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

const TEMPLATES = new SqlTable<TicketTemplate>({
  from: 'ticket_templates',
  columns: `id, name, owner_id, title, description, priority, category_id, service_item_id, tags,
    custom_fields, department_id, created_at, updated_at`,
  insert: `name, owner_id, title, description, priority, category_id, service_item_id, tags, custom_fields,
    department_id`,
  update: `name, title, description, priority, category_id, service_item_id, tags, custom_fields,
    department_id`,
});

@SqlAdapter(TemplateRepository)
export class SqlTemplateRepository
  extends SqlListedTable(TEMPLATES, 'lower(name), id')
  implements TemplateRepository
{
  insert(template: NewTemplate): Promise<TicketTemplate> {
    return this.insertInto(TEMPLATES, { ...template, customFields: json(template.customFields) });
  }

  update(id: string, changes: TemplateChanges): Promise<TicketTemplate | null> {
    return this.updateIn(TEMPLATES, id, { ...changes, customFields: json(changes.customFields) });
  }

  delete(id: string): Promise<void> {
    return this.deleteFrom(TEMPLATES, id);
  }
}
