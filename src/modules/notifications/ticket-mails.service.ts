import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { Actor } from '../../common/auth/actor';
import { found } from '../../common/errors/domain-errors';
import { Page, PageRequest } from '../../common/pagination/page';
import { FileStorage } from '../../common/storage/file-storage';
import { TicketQueries } from '../tickets/ticket-queries.port';
import { InboundEmailLog, TicketMail } from './inbound-email-log.port';

/** Staff reading the mails a ticket was opened or answered by: the list, and one mail's bytes as they arrived. */
@Injectable()
export class TicketMailsService {
  constructor(
    private readonly ticketQueries: TicketQueries,
    private readonly log: InboundEmailLog,
    private readonly storage: FileStorage,
  ) {}

  /** The mails that opened or added to a ticket the caller can see (staff only, by route). */
  async mailsOf(user: Actor, ticketIdOrPid: string, page: PageRequest): Promise<Page<TicketMail>> {
    const ticket = await this.ticketQueries.get(user, ticketIdOrPid);
    return this.log.listForTicket(ticket.id, page);
  }

  /** One such mail's bytes as they arrived. */
  async rawMail(
    user: Actor,
    ticketIdOrPid: string,
    mailId: string,
  ): Promise<{ stream: Readable; sizeBytes: number }> {
    const ticket = await this.ticketQueries.get(user, ticketIdOrPid);
    const raw = found(await this.log.rawOf(ticket.id, mailId), 'Mail');
    return { stream: await this.storage.open(raw.key), sizeBytes: raw.sizeBytes };
  }
}
