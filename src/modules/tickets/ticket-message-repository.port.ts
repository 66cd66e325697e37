import { Page } from '../../common/pagination/page';
import { TicketMessage } from './domain/ticket';

export interface NewMessage {
  ticketId: string;
  authorId: string | null;
  body: string;
  internal: boolean;
  source?: string;
  externalMessageId?: string | null;
}

export abstract class TicketMessageRepository {
  abstract add(message: NewMessage): Promise<TicketMessage>;
  abstract findInTicket(
    ticketId: string,
    messageId: string,
    includeInternal: boolean,
  ): Promise<TicketMessage | null>;
  /** oldest first: the ticket's messages and those of tickets merged into it */
  abstract list(
    ticketId: string,
    includeInternal: boolean,
    page: number,
    limit: number,
  ): Promise<Page<TicketMessage>>;
  abstract hasPublicStaffReply(ticketId: string): Promise<boolean>;
}
