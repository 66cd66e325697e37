import { ServiceCategory, ServiceItem } from '../domain/catalog';
import { CategoryResponseDto } from './category.dto';
import { ItemResponseDto } from './item.dto';

export const toCategoryResponse = (c: ServiceCategory): CategoryResponseDto => ({
  id: c.id,
  name: c.name,
  description: c.description,
  departmentId: c.departmentId,
  parentId: c.parentId,
  isActive: c.isActive,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

export const toItemResponse = (i: ServiceItem): ItemResponseDto => ({
  id: i.id,
  categoryId: i.categoryId,
  name: i.name,
  description: i.description,
  departmentId: i.departmentId,
  defaultPriority: i.defaultPriority,
  slaResolutionHours: i.slaResolutionHours,
  formSchema: i.formSchema,
  approval: i.approval,
  isActive: i.isActive,
  version: i.version,
  createdAt: i.createdAt.toISOString(),
  updatedAt: i.updatedAt.toISOString(),
});
