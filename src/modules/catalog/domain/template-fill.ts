import { TicketDraft } from '../../tickets/ticket-intake.port';
import { TicketTemplate } from './catalog';

/**
 * A draft with what the request left out taken from the template: every field the request sends wins, and
 * customFields merge key by key (the request's keys win).
 */
export function fillFromTemplate(request: TicketDraft, template: TicketTemplate): TicketDraft {
  const pick = <T>(sent: T | undefined, templated: T | null): T | undefined => sent ?? templated ?? undefined;
  const customFields =
    template.customFields || request.customFields
      ? { ...(template.customFields ?? {}), ...(request.customFields ?? {}) }
      : undefined;
  return {
    title: pick(request.title, template.title),
    description: pick(request.description, template.description),
    priority: pick(request.priority, template.priority),
    departmentId: pick(request.departmentId, template.departmentId),
    serviceItemId: pick(request.serviceItemId, template.serviceItemId),
    categoryId: pick(request.categoryId, template.categoryId),
    tags: pick(request.tags, template.tags),
    customFields,
    visibility: request.visibility,
  };
}
