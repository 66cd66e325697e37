import { Injectable } from '@nestjs/common';
import { RecordReads } from '../../common/records/record-reads';
import { AuditTrail } from '../../common/audit/audit-trail';
import { UnitOfWork } from '../../common/unit-of-work';
import { ForbiddenError, invalidField, NotFoundError } from '../../common/errors/domain-errors';
import { normaliseTags } from '../tickets/domain/ticket';
import { CatalogReferences } from './catalog-references.port';
import { CategoryRepository } from './category-repository.port';
import { TicketTemplate } from './domain/catalog';
import { checkTemplateChange, TemplateCaller } from './domain/template-access';
import { ItemRepository } from './item-repository.port';
import { NewTemplate, TemplateChanges, TemplateRepository } from './template-repository.port';

/**
 * Ticket templates: staff create them and manage their own, ADMIN manages all; anyone signed in may read them and
 * file a ticket from one.
 */
@Injectable()
export class TicketTemplatesService extends RecordReads<TicketTemplate> {
  constructor(
    private readonly templates: TemplateRepository,
    private readonly categories: CategoryRepository,
    private readonly items: ItemRepository,
    private readonly references: CatalogReferences,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditTrail,
  ) {
    super(templates, 'Ticket template');
  }

  async create(caller: TemplateCaller, input: Omit<NewTemplate, 'ownerId'>): Promise<TicketTemplate> {
    await this.checkReferences(input);
    return this.uow.run(async (tx) => {
      const template = await this.templates.insert({
        ...input,
        tags: input.tags && normaliseTags(input.tags),
        ownerId: caller.id,
      });
      await this.audit.created(tx, 'ticket_template', template, caller.id);
      return template;
    });
  }

  async update(caller: TemplateCaller, id: string, changes: TemplateChanges): Promise<TicketTemplate> {
    return this.uow.run(async (tx) => {
      const before = await this.mayManage(caller, id);
      await this.checkReferences(changes);
      const updated = await this.templates.update(id, {
        ...changes,
        tags: changes.tags && normaliseTags(changes.tags),
      });
      if (!updated) throw new NotFoundError('Ticket template');
      await this.audit.updated(tx, 'ticket_template', before, updated, caller.id);
      return updated;
    });
  }

  async remove(caller: TemplateCaller, id: string): Promise<void> {
    await this.uow.run(async (tx) => {
      const before = await this.mayManage(caller, id);
      await this.templates.delete(id);
      await this.audit.deleted(tx, 'ticket_template', before, caller.id);
    });
  }

  private async mayManage(caller: TemplateCaller, id: string): Promise<TicketTemplate> {
    const template = await this.get(id);
    const check = checkTemplateChange(caller, template);
    if (!check.ok) throw new ForbiddenError(check.reason);
    return template;
  }

  private async checkReferences(fields: TemplateChanges): Promise<void> {
    if (fields.categoryId && !(await this.categories.findById(fields.categoryId))?.isActive) {
      throw invalidField('categoryId', 'no such active service category');
    }
    if (fields.serviceItemId && !(await this.items.findById(fields.serviceItemId))?.isActive) {
      throw invalidField('serviceItemId', 'no such active service item');
    }
    if (fields.departmentId && !(await this.references.activeDepartmentExists(fields.departmentId))) {
      throw invalidField('departmentId', 'no such active department');
    }
  }
}
