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
  /** the new link, or null when this very link exists already */
  abstract insert(
    sourceTicketId: string,
    targetTicketId: string,
    type: TicketLinkType,
    createdBy: string | null,
  ): Promise<TicketLink | null>;
  abstract find(linkId: string): Promise<TicketLink | null>;
  abstract hasLink(sourceTicketId: string, targetTicketId: string, type: TicketLinkType): Promise<boolean>;
  /** whether `from` leads to `to` through one or more links of `type`, followed from source to target */
  abstract reaches(from: string, to: string, type: TicketLinkType): Promise<boolean>;
  abstract remove(linkId: string): Promise<void>;
  /**
   * Serialises changes to the graph of PARENT_OF and DUPLICATE_OF links until the transaction ends, so two links
   * written at once cannot close a cycle that neither saw. Take it before locking tickets.
   */
  abstract lockGraph(): Promise<void>;
  /** every link of the ticket in both directions, oldest first, with the far ticket's id, PID, title and status */
  abstract linksOf(ticketId: string): Promise<TicketLinkView[]>;
}
