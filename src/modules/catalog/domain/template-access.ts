import { Role } from '../../../common/auth/role';
import { TicketTemplate } from './catalog';

export interface TemplateCaller {
  id: string;
  role: Role;
}

/** The answer of the template rule. It never throws: the service turns a refusal into a 403. */
export type TemplateCheck = { ok: true } | { ok: false; reason: string };

/** Who may change or delete a ticket template: its author or an ADMIN. */
export function checkTemplateChange(
  caller: TemplateCaller,
  template: Pick<TicketTemplate, 'ownerId'>,
): TemplateCheck {
  if (caller.role === Role.ADMIN || template.ownerId === caller.id) return { ok: true };
  return { ok: false, reason: 'Only the template’s author or an ADMIN may change it' };
}
