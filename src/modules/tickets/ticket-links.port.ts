export type TicketLinkType = 'RELATED' | 'DUPLICATE_OF' | 'PARENT_OF';
export const TICKET_LINK_TYPES: readonly TicketLinkType[] = ['RELATED', 'DUPLICATE_OF', 'PARENT_OF'];

export interface TicketLink {
  id: string;
  sourceTicketId: string;
  targetTicketId: string;
  type: TicketLinkType;
  createdBy: string | null;
  createdAt: Date;
}

/** A linked ticket as its viewer may see it (the far end of a link, in either direction). */
export interface TicketLinkView extends TicketLink {
  direction: 'outgoing' | 'incoming';
  ticket: { id: string; pid: string; title: string; status: string };
}

/** Links between tickets (`source → target`), in the caller's transaction. */
export abstract class TicketLinkRepository {
  /** true when the link is new */
  abstract add(
    sourceTicketId: string,
    targetTicketId: string,
    type: TicketLinkType,
    createdBy: string | null,
  ): Promise<boolean>;
  /** every link of the ticket in both directions, oldest first, with the far ticket's id, PID, title and status */
  abstract linksOf(ticketId: string): Promise<TicketLinkView[]>;
}
