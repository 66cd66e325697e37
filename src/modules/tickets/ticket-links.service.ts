import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../common/auth/auth-user';
import { scopeOf } from '../../common/auth/scope-policy';
import { TicketLinkRepository, TicketLinkView } from './ticket-links.port';
import { TicketRepository } from './ticket.repository';
import { TicketsService, toViewer } from './tickets.service';

/** Reading a ticket's links: only those whose far end the caller may see too (the others do not exist for them). */
@Injectable()
export class TicketLinksService {
  constructor(
    private readonly tickets: TicketsService,
    private readonly repository: TicketRepository,
    private readonly links: TicketLinkRepository,
  ) {}

  async list(user: AuthUser, ticketIdOrPid: string): Promise<TicketLinkView[]> {
    const ticket = await this.tickets.get(user, ticketIdOrPid);
    const scope = scopeOf(toViewer(user));
    const all = await this.links.linksOf(ticket.id);
    const visible = await Promise.all(
      all.map(async (l) => ((await this.repository.findVisible(scope, { id: l.ticket.id })) ? l : null)),
    );
    return visible.filter((l): l is TicketLinkView => l !== null);
  }
}
