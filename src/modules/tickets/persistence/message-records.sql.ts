import { SqlParams } from '../../../infrastructure/database/sql';
import { outboxInsert } from '../../../infrastructure/outbox/outbox-insert.sql';
import { MessageRecords, NewMessage } from '../ticket-message-repository.port';
import { scopeCondition } from './ticket-scope.sql';

/** The columns a written message answers with. */
export const MESSAGE_COLUMNS = 'id, ticket_id, author_id, body, internal, created_at';

/**
 * The one statement of a message that changes nothing else on its ticket: under the ticket's row lock, provided the
 * ticket is still at the version read and in the scope, the message, its history entry (`{ messageId }`) and its
 * outbox event (whose data gets `messageId`). No row when the ticket changed or left the scope (nothing is written
 * then). Apart from the repository, so the bench's floor (bench/floor-server.ts) runs exactly this statement.
 */
export function recordedMessageSql(p: SqlParams, m: NewMessage, r: MessageRecords): string {
  // the lock is taken as the service's locking read would; the version and scope are checked again under it
  const ticket = `SELECT t.id FROM tickets t
        WHERE t.id = ${p.add(r.ticket.id)}::uuid AND t.version = ${p.add(r.ticket.version)}::int
          AND ${scopeCondition(r.scope, p)}
        FOR UPDATE`;
  return `WITH t AS (${ticket}),
       m AS (
         INSERT INTO ticket_messages (ticket_id, author_id, body, internal, source, external_message_id)
         SELECT t.id, ${p.add(m.authorId)}::uuid, ${p.add(m.body)}::text, ${p.add(m.internal)}::boolean,
           ${p.add(m.source ?? 'api')}::text, ${p.add(m.externalMessageId ?? null)}::text
           FROM t
         RETURNING ${MESSAGE_COLUMNS}
       ), h AS (
         INSERT INTO ticket_history (ticket_id, type, actor_id, details, internal)
         SELECT m.ticket_id, ${p.add(r.historyType)}::text, m.author_id, jsonb_build_object('messageId', m.id), m.internal
           FROM m
       ), o AS (${outboxInsert(p, r.event, 'm', { messageId: 'm.id' })})
       SELECT * FROM m`;
}
