import { TicketPriority } from '../../tickets/domain/ticket-enums';
import { ApprovalChainDefinition } from './approval-definition';

export interface ServiceCategory {
  id: string;
  name: string;
  description: string | null;
  departmentId: string | null;
  parentId: string | null;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface ServiceItem {
  id: string;
  categoryId: string;
  name: string;
  description: string;
  departmentId: string;
  defaultPriority: TicketPriority;
  /** overrides the SLA policy's resolution target for tickets of this item */
  slaResolutionHours: number | null;
  /** JSON Schema (draft 2020-12) for the customFields of its tickets */
  formSchema: Record<string, unknown> | null;
  approval: ApprovalChainDefinition | null;
  isActive: boolean;
  /** bumped on every change; compiled form validators are cached per version */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const requiresApproval = (item: Pick<ServiceItem, 'approval'>): boolean =>
  (item.approval?.steps.length ?? 0) > 0;

export interface TicketTemplate {
  id: string;
  name: string;
  ownerId: string;
  title: string | null;
  description: string | null;
  priority: TicketPriority | null;
  categoryId: string | null;
  serviceItemId: string | null;
  tags: string[] | null;
  customFields: Record<string, unknown> | null;
  departmentId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The requester's view of the catalog: active categories as a tree, each with its active items. */
export interface CatalogNode extends Pick<
  ServiceCategory,
  'id' | 'name' | 'description' | 'departmentId' | 'parentId'
> {
  items: CatalogEntry[];
  children: CatalogNode[];
}

export interface CatalogEntry extends Omit<
  ServiceItem,
  'approval' | 'isActive' | 'version' | 'createdAt' | 'updatedAt'
> {
  requiresApproval: boolean;
}
