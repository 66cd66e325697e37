import { TicketTemplate } from '../domain/catalog';
import { TemplateResponseDto } from './template.dto';

export const toTemplateResponse = (t: TicketTemplate): TemplateResponseDto => ({
  id: t.id,
  name: t.name,
  ownerId: t.ownerId,
  title: t.title,
  description: t.description,
  priority: t.priority,
  categoryId: t.categoryId,
  serviceItemId: t.serviceItemId,
  tags: t.tags,
  customFields: t.customFields,
  departmentId: t.departmentId,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});
