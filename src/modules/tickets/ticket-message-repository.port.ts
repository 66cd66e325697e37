import { AccessScope } from '../../common/auth/scope-policy';
import { StagedEvent } from '../../common/events/event-publisher';
import { TicketMessage } from './domain/ticket';
import { TicketTimeline } from './ticket-timeline.port';

export interface NewMessage {
  ticketId: string;
  authorId: string | null;
  body: string;
  internal: boolean;
  source?: string;
  externalMessageId?: string | null;
}

/** What a message that changes nothing else on its ticket writes beside itself (see addRecorded). */
export interface MessageRecords {
  /** the ticket as it was read (id and version): the message is added only while it is still so, and in scope */
  ticket: { id: string; version: number };
  scope: AccessScope;
  /** its history entry; the details are `{ messageId }` */
  historyType: string;
  /** its event, whose data gets `messageId` */
  event: StagedEvent;
}

/**
 * A ticket's messages; `list` reads the ticket's messages and those of tickets merged into it, a RESTRICTED merged
 * ticket's only when the scope reads it.
 */
export abstract class TicketMessageRepository extends TicketTimeline<TicketMessage> {
  abstract add(message: NewMessage): Promise<TicketMessage>;
  /**
   * In one statement, under the ticket's row lock: the message, its history entry and its outbox event, provided the
   * ticket is still at the version read and in the scope. Null when it is not (nothing is written then).
   */
  abstract addRecorded(message: NewMessage, records: MessageRecords): Promise<TicketMessage | null>;
  abstract findInTicket(
    ticketId: string,
    messageId: string,
    includeInternal: boolean,
  ): Promise<TicketMessage | null>;
  abstract hasPublicStaffReply(ticketId: string): Promise<boolean>;
}
