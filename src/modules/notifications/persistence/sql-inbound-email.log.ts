import { isUuid } from '../../../common/ids';
import { Page, PageRequest } from '../../../common/pagination/page';
import { InboundCompletion, InboundEmailLog, InboundRecord, TicketMail } from '../inbound-email-log.port';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

interface MailRow {
  id: string;
  message_id: string;
  sender: string;
  recipient: string | null;
  subject: string | null;
  outcome: string;
  ticket_message_id: string | null;
  raw_size_bytes: number | null;
  raw_sha256: string | null;
  created_at: Date;
}

@SqlAdapter(InboundEmailLog)
export class SqlInboundEmailLog extends SqlRepository implements InboundEmailLog {
  async claim(messageId: string, sender: string): Promise<boolean> {
    const rows = await this.rows<{ message_id: string }>(
      `INSERT INTO inbound_emails (message_id, sender, outcome) VALUES ($1, $2, 'processing')
       ON CONFLICT DO NOTHING RETURNING message_id`,
      [messageId, sender],
    );
    return rows.length > 0;
  }

  async complete(messageId: string, c: InboundCompletion): Promise<void> {
    await this.rows(
      `UPDATE inbound_emails SET outcome = $2, ticket_id = $3, ticket_message_id = $4, subject = $5, recipient = $6,
              department_id = $7, raw_storage_key = $8, raw_size_bytes = $9, raw_sha256 = $10
        WHERE message_id = $1`,
      [
        messageId,
        c.outcome,
        c.ticketId,
        c.ticketMessageId,
        c.subject?.slice(0, 998) ?? null,
        c.recipient,
        c.departmentId,
        c.raw?.key ?? null,
        c.raw?.sizeBytes ?? null,
        c.raw?.sha256 ?? null,
      ],
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

  async listForTicket(ticketId: string, page: PageRequest): Promise<Page<TicketMail>> {
    const rows = await this.paged<MailRow>(
      {
        columns:
          'id, message_id, sender, recipient, subject, outcome, ticket_message_id, raw_size_bytes, raw_sha256, created_at',
        from: 'FROM inbound_emails WHERE ticket_id = $1',
        orderBy: 'created_at, id',
        params: [ticketId],
      },
      page,
    );
    return rows.map((r) => ({
      id: r.id,
      messageId: r.message_id,
      sender: r.sender,
      recipient: r.recipient,
      subject: r.subject,
      outcome: r.outcome,
      ticketMessageId: r.ticket_message_id,
      rawSizeBytes: r.raw_size_bytes,
      rawSha256: r.raw_sha256,
      receivedAt: r.created_at,
    }));
  }

  async rawOf(ticketId: string, id: string): Promise<{ key: string; sizeBytes: number } | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.rows<{ raw_storage_key: string | null; raw_size_bytes: number | null }>(
      `SELECT raw_storage_key, raw_size_bytes FROM inbound_emails WHERE ticket_id = $1 AND id = $2`,
      [ticketId, id],
    );
    return row?.raw_storage_key ? { key: row.raw_storage_key, sizeBytes: row.raw_size_bytes ?? 0 } : null;
  }
}
