import { Injectable } from '@nestjs/common';
import { Page, PageRequest } from '../../../common/pagination/page';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { Attachment, HistoryEntry, TicketMessage } from '../domain/ticket';
import { AccessGrantRepository } from '../access-grant-repository.port';
import { AttachmentRepository, NewAttachment } from '../attachment-repository.port';
import { IdempotencyClaim, IdempotencyRepository } from '../idempotency-repository.port';
import { NewHistoryEntry, TicketHistoryRepository } from '../ticket-history-repository.port';
import { MessageRecords, NewMessage, TicketMessageRepository } from '../ticket-message-repository.port';
import { SqlParams } from '../../../infrastructure/database/sql';
import { AccessScope } from '../../../common/auth/scope-policy';
import {
  historyDetailsSql,
  mergedFamilySql,
  showingTicketsSql,
  shownTicketIdSql,
} from './ticket-timeline.sql';
import { worksTicketCondition } from './ticket-scope.sql';
import { InternalNotesScope } from '../domain/ticket-access';
import { CLAIM_IDEMPOTENCY_KEY_SQL } from './idempotency.sql';
import { MESSAGE_COLUMNS, recordedMessageSql } from './message-records.sql';
import {
  AttachmentRow,
  HistoryRow,
  MessageRow,
  toAttachment,
  toHistory,
  toMessage,
} from './ticket-row.mapper';
import { TicketTimeline } from '../ticket-timeline.port';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

/** A timeline table of the ticket records (aliased `h`, append-only, with `created_at` and `internal`). */
interface TimelineTable<R, T> {
  table: string;
  /** the condition naming the ticket's rows, its parameters added to `p` */
  ownedBy: (scope: AccessScope, ticketId: string, p: SqlParams) => string;
  /** the columns read (all when left out); they may use parameters added to `p` after the owner's */
  columns?: (scope: AccessScope, ticketId: string, p: SqlParams) => string;
  toEntry: (row: R) => T;
}

/**
 * Messages: the ticket's and those of tickets merged into it (a RESTRICTED one's only when the scope reads it), a
 * merged one's naming its ticket only when the scope reads that, else the ticket listed (`shownTicketIdSql`).
 */
const MESSAGES: TimelineTable<MessageRow & { shown_ticket_id: string }, TicketMessage> = {
  table: 'ticket_messages',
  ownedBy: (scope, ticketId, p) => `h.ticket_id IN (${mergedFamilySql(ticketId, scope, p)})`,
  columns: (scope, ticketId, p) =>
    `h.*, ${shownTicketIdSql('h.ticket_id', ticketId, scope, p)} AS shown_ticket_id`,
  toEntry: ({ shown_ticket_id, ...row }) => toMessage({ ...row, ticket_id: shown_ticket_id }),
};

/** History: the ticket's own entries, a reference to another ticket outside the scope nulled in their details. */
const HISTORY: TimelineTable<HistoryRow, HistoryEntry> = {
  table: 'ticket_history',
  ownedBy: (_scope, ticketId, p) => `h.ticket_id = ${p.add(ticketId)}`,
  columns: (scope, _ticketId, p) =>
    `h.id, h.ticket_id, h.type, h.actor_id, h.internal, h.created_at, ${historyDetailsSql(scope, p)} AS details`,
  toEntry: toHistory,
};

/** The base of a timeline table's repository: a page of a ticket's entries, oldest first, with its total. */
function SqlTimeline<R, T>(timeline: TimelineTable<R, T>) {
  const { table, ownedBy, columns = () => 'h.*', toEntry } = timeline;
  @Injectable()
  abstract class Timeline extends SqlRepository implements TicketTimeline<T> {
    async list(
      scope: AccessScope,
      ticketId: string,
      includeInternal: boolean,
      page: PageRequest,
    ): Promise<Page<T>> {
      const p = new SqlParams();
      const from = `FROM ${table} h WHERE ${ownedBy(scope, ticketId, p)}${includeInternal ? '' : ' AND NOT h.internal'}`;
      const fromParams = p.values.length;
      const listing = { columns: columns(scope, ticketId, p), from, orderBy: 'h.created_at, h.id' };
      return (await this.paged<R>({ ...listing, params: p.values, fromParams }, page)).map(toEntry);
    }
  }
  return Timeline;
}

@SqlAdapter(TicketMessageRepository)
export class SqlTicketMessageRepository extends SqlTimeline(MESSAGES) implements TicketMessageRepository {
  async add(m: NewMessage): Promise<TicketMessage> {
    const [row] = await this.preparedRows<MessageRow>(
      `INSERT INTO ticket_messages (ticket_id, author_id, body, internal, source, external_message_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${MESSAGE_COLUMNS}`,
      [m.ticketId, m.authorId, m.body, m.internal, m.source ?? 'api', m.externalMessageId ?? null],
    );
    return toMessage(row);
  }

  async addRecorded(m: NewMessage, r: MessageRecords): Promise<TicketMessage | null> {
    const p = new SqlParams();
    const [row] = await this.preparedRows<MessageRow>(recordedMessageSql(p, m, r), p.values);
    return row ? toMessage(row) : null;
  }

  async findInTicket(
    ticketId: string,
    messageId: string,
    includeInternal: boolean,
  ): Promise<TicketMessage | null> {
    const [row] = await this.rows<MessageRow>(
      `SELECT * FROM ticket_messages WHERE ticket_id = $1 AND id = $2${includeInternal ? '' : ' AND NOT internal'}`,
      [ticketId, messageId],
    );
    return row ? toMessage(row) : null;
  }

  async hasPublicStaffReply(ticketId: string): Promise<boolean> {
    const [row] = await this.rows<{ found: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ticket_messages m JOIN users u ON u.id = m.author_id
         WHERE m.ticket_id = $1 AND NOT m.internal AND u.role <> 'END_USER') AS found`,
      [ticketId],
    );
    return row.found;
  }
}

@SqlAdapter(TicketHistoryRepository)
export class SqlTicketHistoryRepository extends SqlTimeline(HISTORY) implements TicketHistoryRepository {
  async append(e: NewHistoryEntry): Promise<void> {
    await this.preparedRows(
      `INSERT INTO ticket_history (ticket_id, type, actor_id, details, internal) VALUES ($1, $2, $3, $4, $5)`,
      [e.ticketId, e.type, e.actorId, JSON.stringify(e.details), e.internal ?? false],
    );
  }
}

@SqlAdapter(AccessGrantRepository)
export class SqlAccessGrantRepository extends SqlRepository implements AccessGrantRepository {
  async grant(
    ticketId: string,
    userId: string,
    grantedBy: string | null,
    reason = 'GRANT',
  ): Promise<boolean> {
    const rows = await this.rows(
      `INSERT INTO ticket_access_grants (ticket_id, user_id, granted_by, reason) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING user_id`,
      [ticketId, userId, grantedBy, reason],
    );
    return rows.length === 1;
  }
}

@SqlAdapter(IdempotencyRepository)
export class SqlIdempotencyRepository extends SqlRepository implements IdempotencyRepository {
  async claim(userId: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
    // Prepared: one per created ticket.
    const claimed = await this.preparedRows(CLAIM_IDEMPOTENCY_KEY_SQL, [userId, key, requestHash]);
    if (claimed.length === 1) return { state: 'new' };
    const [existing] = await this.rows<{ request_hash: string; ticket_id: string | null }>(
      `SELECT request_hash, ticket_id FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    if (!existing || existing.request_hash !== requestHash || !existing.ticket_id)
      return { state: 'mismatch' };
    return { state: 'replay', ticketId: existing.ticket_id };
  }
}

@SqlAdapter(AttachmentRepository)
export class SqlAttachmentRepository extends SqlRepository implements AttachmentRepository {
  async add(a: NewAttachment): Promise<Attachment> {
    const [row] = await this.rows<AttachmentRow>(
      `INSERT INTO ticket_attachments (ticket_id, message_id, uploader_id, filename, content_type, size_bytes,
         sha256, storage_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [a.ticketId, a.messageId, a.uploaderId, a.filename, a.contentType, a.sizeBytes, a.sha256, a.storageKey],
    );
    return toAttachment(row);
  }

  async listForTicket(scope: AccessScope, ticketId: string, includeInternal: boolean): Promise<Attachment[]> {
    const p = new SqlParams();
    // a merged ticket's file names its ticket only when the scope reads that, else this one (`shownTicketIdSql`)
    const rows = await this.rows<AttachmentRow & { shown_ticket_id: string }>(
      `SELECT a.*, ${shownTicketIdSql('a.ticket_id', ticketId, scope, p)} AS shown_ticket_id
         FROM ticket_attachments a LEFT JOIN ticket_messages m ON m.id = a.message_id
        WHERE a.ticket_id IN (${mergedFamilySql(ticketId, scope, p)})${includeInternal ? '' : ' AND (m.id IS NULL OR NOT m.internal)'}
        ORDER BY a.created_at, a.id`,
      p.values,
    );
    return rows.map(({ shown_ticket_id, ...row }) => toAttachment({ ...row, ticket_id: shown_ticket_id }));
  }

  async findReadable(scope: AccessScope, notes: InternalNotesScope, id: string): Promise<Attachment | null> {
    const p = new SqlParams();
    const attachment = p.add(id);
    // readable when some ticket the caller may see lists it: the one it is on, or one that ticket was merged into
    // when it shows there (the attachments list's rule); a file on an internal note, when the caller works that ticket.
    // Both apply inside the walk up the merges, so the check reads that chain only; the note is read by its key
    const onNote = `(SELECT m.internal FROM ticket_messages m WHERE m.id = a.message_id)`;
    const shown = showingTicketsSql(
      'a.ticket_id',
      scope,
      p,
      `(${onNote} IS NOT TRUE OR ${worksTicketCondition(notes, p)})`,
    );
    const [row] = await this.rows<AttachmentRow>(
      `SELECT a.* FROM ticket_attachments a WHERE a.id = ${attachment} AND EXISTS (${shown})`,
      p.values,
    );
    return row ? toAttachment(row) : null;
  }
}
