import { Injectable } from '@nestjs/common';
import { InboundEmailLog, InboundOutcome, InboundRecord } from '../inbound-email.log';
import { SqlRepository } from './sql-repository';

@Injectable()
export class SqlInboundEmailLog extends SqlRepository implements InboundEmailLog {
  async claim(messageId: string, sender: string): Promise<boolean> {
    const rows = await this.rows<{ message_id: string }>(
      `INSERT INTO inbound_emails (message_id, sender, outcome) VALUES ($1, $2, 'processing')
       ON CONFLICT DO NOTHING RETURNING message_id`,
      [messageId, sender],
    );
    return rows.length > 0;
  }

  async complete(
    messageId: string,
    outcome: InboundOutcome,
    ticketId: string,
    ticketMessageId: string | null,
  ): Promise<void> {
    await this.rows(
      `UPDATE inbound_emails SET outcome = $2, ticket_id = $3, ticket_message_id = $4 WHERE message_id = $1`,
      [messageId, outcome, ticketId, ticketMessageId],
    );
  }

  async find(messageId: string): Promise<InboundRecord | null> {
    const [row] = await this.rows<{
      outcome: string;
      ticket_id: string | null;
      ticket_message_id: string | null;
    }>(`SELECT outcome, ticket_id, ticket_message_id FROM inbound_emails WHERE message_id = $1`, [messageId]);
    return row
      ? { outcome: row.outcome, ticketId: row.ticket_id, ticketMessageId: row.ticket_message_id }
      : null;
  }
}
