import { Actor } from '../../common/auth/actor';
import { Ticket } from '../tickets/domain/ticket';

/** Who should work the ticket: a person, a team of its department, or the department's round-robin. */
export type AssignRequest = { assigneeId: string } | { teamId: string } | { strategy: 'ROUND_ROBIN' };

/**
 * Assigning a ticket as a caller, with the caller's rights (what macros use). Inside the caller's transaction when
 * there is one; the ticket, its history and its event change together.
 */
export abstract class TicketAssignment {
  abstract assign(user: Actor, ticketId: string, request: AssignRequest): Promise<Ticket>;
}
