import { SYSTEM_ACCESS } from '../../common/auth/scope-policy';
import { isUuid } from '../../common/ids';
import { Ticket } from './domain/ticket';
import { TicketStatus } from './domain/ticket-enums';
import { TicketWorkflow } from './ticket-workflow.port';
import { TicketRepository } from './ticket-repository.port';
import { TicketJournal } from './ticket-journal.port';
import { Implements } from '../../common/di/implements';

/** The workflow port over the journal's own transition path. */
@Implements(TicketWorkflow)
export class SystemTicketWorkflow extends TicketWorkflow {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly journal: TicketJournal,
  ) {
    super();
  }

  lock(ticketId: string): Promise<Ticket | null> {
    return isUuid(ticketId) ? this.tickets.lockVisible(SYSTEM_ACCESS, ticketId) : Promise.resolve(null);
  }

  moveAsSystem(ticket: Ticket, to: TicketStatus, reason: string): Promise<Ticket> {
    return this.journal.move(ticket, to, ['SYSTEM'], null, reason);
  }
}
