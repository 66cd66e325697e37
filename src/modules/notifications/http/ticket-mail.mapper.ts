import { TicketMail } from '../inbound-email-log.port';
import { TicketMailResponseDto } from './ticket-mail.dto';

export const toTicketMailResponse = (m: TicketMail): TicketMailResponseDto => ({
  id: m.id,
  messageId: m.messageId,
  sender: m.sender,
  recipient: m.recipient,
  subject: m.subject,
  outcome: m.outcome,
  ticketMessageId: m.ticketMessageId,
  rawSizeBytes: m.rawSizeBytes,
  rawSha256: m.rawSha256,
  receivedAt: m.receivedAt.toISOString(),
});
