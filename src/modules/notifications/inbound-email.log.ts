export type InboundOutcome = 'reply_added' | 'ticket_created';

export interface InboundRecord {
  outcome: string;
  ticketId: string | null;
  ticketMessageId: string | null;
}

/** Inbound mails already handled, by Message-ID: the same mail delivered twice is acted on once. */
export abstract class InboundEmailLog {
  /** true when this Message-ID is new (in the caller's transaction; a concurrent claim waits for the first) */
  abstract claim(messageId: string, sender: string): Promise<boolean>;
  abstract complete(
    messageId: string,
    outcome: InboundOutcome,
    ticketId: string,
    ticketMessageId: string | null,
  ): Promise<void>;
  abstract find(messageId: string): Promise<InboundRecord | null>;
}
