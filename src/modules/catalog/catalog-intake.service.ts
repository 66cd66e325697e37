import { Injectable, OnModuleInit } from '@nestjs/common';
import { invalidField, ValidationFailedError } from '../../common/errors/domain-errors';
import { ResolvedDraft, TicketDraft, TicketIntake } from '../tickets/ticket-intake.port';
import { TicketIntakeSlot } from '../tickets/ticket-intake-slot.port';
import { CategoryRepository } from './category-repository.port';
import { requiresApproval, ServiceItem } from './domain/catalog';
import { fillFromTemplate } from './domain/template-fill';
import { FormValidators } from './form-validators';
import { ItemRepository } from './item-repository.port';
import { TemplateRepository } from './template-repository.port';

/**
 * How the catalog files a ticket: the template fills what the request left out, then the service item decides the
 * department, the category and the default priority, checks customFields against its form, and says whether the
 * ticket waits for approval. Plugged into tickets at start.
 */
@Injectable()
export class CatalogIntakeService extends TicketIntake implements OnModuleInit {
  constructor(
    private readonly slot: TicketIntakeSlot,
    private readonly templates: TemplateRepository,
    private readonly categories: CategoryRepository,
    private readonly items: ItemRepository,
    private readonly forms: FormValidators,
  ) {
    super();
  }

  onModuleInit(): void {
    this.slot.plug(this);
  }

  async resolve(request: TicketDraft): Promise<ResolvedDraft> {
    let draft: TicketDraft = request;
    if (request.templateId) {
      const template = await this.templates.findById(request.templateId);
      if (!template) throw invalidField('templateId', 'no such ticket template');
      draft = fillFromTemplate(request, template);
    }
    const { templateId: _used, ...fields } = draft;
    if (fields.categoryId && !(await this.categoryUsable(fields.categoryId))) {
      throw invalidField('categoryId', 'no such active service category');
    }
    if (!fields.serviceItemId) {
      const category = fields.categoryId ? await this.categories.findById(fields.categoryId) : null;
      return {
        ...fields,
        departmentId: fields.departmentId ?? category?.departmentId ?? undefined,
        requiresApproval: false,
      };
    }
    const item = await this.items.findById(fields.serviceItemId);
    if (!item?.isActive) throw invalidField('serviceItemId', 'no such active service item');
    this.checkForm(item, fields.customFields ?? {});
    return {
      ...fields,
      departmentId: item.departmentId,
      categoryId: item.categoryId,
      priority: fields.priority ?? item.defaultPriority,
      requiresApproval: requiresApproval(item),
    };
  }

  async categoryUsable(categoryId: string): Promise<boolean> {
    return (await this.categories.findById(categoryId))?.isActive ?? false;
  }

  async checkCustomFields(serviceItemId: string, customFields: Record<string, unknown>): Promise<void> {
    const item = await this.items.findById(serviceItemId);
    if (item) this.checkForm(item, customFields);
  }

  private checkForm(item: ServiceItem, customFields: Record<string, unknown>): void {
    const problems = this.forms.forItem(item)?.(customFields) ?? [];
    if (problems.length > 0) {
      throw new ValidationFailedError('customFields do not match the service item’s form', problems);
    }
  }
}
