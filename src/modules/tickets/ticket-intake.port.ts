import { FieldProblem } from '../../common/errors/domain-errors';
import { TicketPriority, TicketVisibility } from './domain/ticket-enums';

/** A new ticket as asked for, before a template and a service item fill it in. */
export interface TicketDraft {
  templateId?: string;
  title?: string;
  description?: string;
  priority?: TicketPriority;
  departmentId?: string;
  serviceItemId?: string;
  categoryId?: string;
  tags?: string[];
  customFields?: Record<string, unknown>;
  visibility?: TicketVisibility;
}

/** The draft after the intake: what the request left out filled from the template, the item's decisions applied. */
export interface ResolvedDraft extends Omit<TicketDraft, 'templateId'> {
  /** the service item requires approval: the ticket starts PENDING_APPROVAL */
  requiresApproval: boolean;
}

/**
 * The catalog's part in filing a ticket, so tickets never depends on the module that owns templates, categories
 * and service items. `resolve` and `checkCustomFields` throw ValidationFailedError naming the field
 * (`templateId`, `serviceItemId`, `categoryId`, one `customFields.<name>` detail per failing field).
 */
export abstract class TicketIntake {
  abstract resolve(draft: TicketDraft): Promise<ResolvedDraft>;
  /** whether a ticket may be filed under this category now (it exists and is active) */
  abstract categoryUsable(categoryId: string): Promise<boolean>;
  /** the custom fields a ticket of this item may carry (its form schema), for edits */
  abstract checkCustomFields(serviceItemId: string, customFields: Record<string, unknown>): Promise<void>;
}

export const unknownReference = (field: string, what: string): FieldProblem => ({
  field,
  message: `no such active ${what}`,
});
