import { ConflictError, invalidField } from '../../common/errors/domain-errors';
import { MAX_TICKET_TAGS, normaliseTags, Ticket } from './domain/ticket';
import { UpdateTicketInput } from './ticket-commands.port';
import { PluggableTicketIntake } from './ticket-intake.slot';
import { TicketReferences } from './ticket-references.port';
import { TicketChanges } from './ticket-repository.port';

/**
 * An edit's changes as they will be stored: the title trimmed, tags normalised, and the references it names checked
 * (the custom fields against the ticket's service item, an active category, an active team of the ticket's
 * department); a bad reference is a 400 on its field, a team of another department a 409.
 */
export async function validatedChanges(
  ticket: Ticket,
  input: UpdateTicketInput,
  intake: PluggableTicketIntake,
  references: TicketReferences,
): Promise<TicketChanges> {
  const changes: TicketChanges = {};
  if (input.title !== undefined) changes.title = input.title.trim();
  if (input.description !== undefined) changes.description = input.description;
  if (input.priority !== undefined) changes.priority = input.priority;
  if (input.tags !== undefined) {
    changes.tags = normaliseTags(input.tags);
    if (changes.tags.length > MAX_TICKET_TAGS)
      throw invalidField('tags', `must be at most ${MAX_TICKET_TAGS}`);
  }
  if (input.visibility !== undefined) changes.visibility = input.visibility;
  if (input.customFields !== undefined) {
    if (ticket.serviceItemId) await intake.checkCustomFields(ticket.serviceItemId, input.customFields);
    changes.customFields = input.customFields;
  }
  if (input.categoryId !== undefined) {
    if (input.categoryId !== null && !(await intake.categoryUsable(input.categoryId))) {
      throw invalidField('categoryId', 'no such active service category');
    }
    changes.categoryId = input.categoryId;
  }
  if (input.teamId !== undefined) {
    if (input.teamId !== null) {
      const teamDepartment = await references.teamDepartment(input.teamId);
      if (!teamDepartment) throw invalidField('teamId', 'no such active team');
      if (teamDepartment !== ticket.departmentId) {
        throw new ConflictError('The team belongs to another department than the ticket');
      }
    }
    changes.teamId = input.teamId;
  }
  return changes;
}
