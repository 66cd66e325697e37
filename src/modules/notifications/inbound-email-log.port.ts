import { Page, PageRequest } from '../../common/pagination/page';
import { StoredFile } from '../../common/storage/file-storage';

export type InboundOutcome = 'reply_added' | 'ticket_created' | 'follow_up_created';

export interface InboundRecord {
  outcome: string;
  ticketId: string | null;
  ticketMessageId: string | null;
}

/** What is kept of a mail that became part of a ticket. */
export interface InboundCompletion {
  outcome: InboundOutcome;
  ticketId: string;
  ticketMessageId: string | null;
  subject: string | null;
  recipient: string | null;
  departmentId: string | null;
  /** the mail's bytes as they arrived, in file storage */
  raw: StoredFile | null;
}

/** A mail of a ticket, as staff list it. */
export interface TicketMail {
  id: string;
  messageId: string;
  sender: string;
  recipient: string | null;
  subject: string | null;
  outcome: string;
  ticketMessageId: string | null;
  rawSizeBytes: number | null;
  rawSha256: string | null;
  receivedAt: Date;
}

/** Inbound mails already handled, by Message-ID: the same mail delivered twice is acted on once. */
export abstract class InboundEmailLog {
  /** true when this Message-ID is new (in the caller's transaction; a concurrent claim waits for the first) */
  abstract claim(messageId: string, sender: string): Promise<boolean>;
  abstract complete(messageId: string, completion: InboundCompletion): Promise<void>;
  abstract find(messageId: string): Promise<InboundRecord | null>;
  /** the mails that opened or added to a ticket, oldest first */
  abstract listForTicket(ticketId: string, page: PageRequest): Promise<Page<TicketMail>>;
  /** where the raw bytes of one of the ticket's mails are stored (null: none kept) */
  abstract rawOf(ticketId: string, id: string): Promise<{ key: string; sizeBytes: number } | null>;
}
