import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { isUuid } from '../../../common/ids';
import { TicketLink, TicketLinkRepository, TicketLinkType, TicketLinkView } from '../ticket-links.port';
import { RowOf } from '../../../infrastructure/database/sql-table';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

type BareLinkRow = RowOf<TicketLink>;

const toLink = (r: BareLinkRow): TicketLink => ({
  id: r.id,
  sourceTicketId: r.source_ticket_id,
  targetTicketId: r.target_ticket_id,
  type: r.type,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/** A link with the ticket at its far end. */
interface LinkRow extends BareLinkRow {
  direction: 'outgoing' | 'incoming';
  other_id: string;
  other_pid: string;
  other_title: string;
  other_status: string;
}

@SqlAdapter(TicketLinkRepository)
export class SqlTicketLinkRepository extends SqlRepository implements TicketLinkRepository {
  async add(sourceTicketId: string, targetTicketId: string, type: TicketLinkType, createdBy: string | null) {
    const rows = await this.rows<{ id: string }>(
      `INSERT INTO ticket_links (source_ticket_id, target_ticket_id, type, created_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT ticket_links_unique DO NOTHING RETURNING id`,
      [sourceTicketId, targetTicketId, type, createdBy],
    );
    return rows.length > 0;
  }

  async insert(
    sourceTicketId: string,
    targetTicketId: string,
    type: TicketLinkType,
    createdBy: string | null,
  ): Promise<TicketLink | null> {
    const [row] = await this.rows<BareLinkRow>(
      `INSERT INTO ticket_links (source_ticket_id, target_ticket_id, type, created_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT ticket_links_unique DO NOTHING RETURNING *`,
      [sourceTicketId, targetTicketId, type, createdBy],
    );
    return row ? toLink(row) : null;
  }

  async find(linkId: string): Promise<TicketLink | null> {
    if (!isUuid(linkId)) return null;
    const [row] = await this.rows<BareLinkRow>(`SELECT * FROM ticket_links WHERE id = $1`, [linkId]);
    return row ? toLink(row) : null;
  }

  hasLink(sourceTicketId: string, targetTicketId: string, type: TicketLinkType): Promise<boolean> {
    return this.exists(
      `SELECT 1 FROM ticket_links WHERE source_ticket_id = $1 AND target_ticket_id = $2 AND type = $3`,
      [sourceTicketId, targetTicketId, type],
    );
  }

  async reaches(from: string, to: string, type: TicketLinkType): Promise<boolean> {
    // UNION (not UNION ALL) drops tickets already reached, so the walk ends even on a graph with loops
    const [row] = await this.rows<{ found: boolean }>(
      `WITH RECURSIVE reached (id) AS (
         SELECT $1::uuid
         UNION
         SELECT l.target_ticket_id FROM ticket_links l JOIN reached r ON l.source_ticket_id = r.id
          WHERE l.type = $3
       )
       SELECT EXISTS (SELECT 1 FROM reached WHERE id = $2::uuid) AS found`,
      [from, to, type],
    );
    return row.found;
  }

  async remove(linkId: string): Promise<void> {
    await this.rows(`DELETE FROM ticket_links WHERE id = $1`, [linkId]);
  }

  async lockGraph(): Promise<void> {
    await this.rows(`SELECT pg_advisory_xact_lock(hashtext('ticket_links:graph'))`);
  }

  async linksOf(ticketId: string): Promise<TicketLinkView[]> {
    const rows = await this.rows<LinkRow>(
      `SELECT l.*, 'outgoing' AS direction, t.id AS other_id, t.pid AS other_pid, t.title AS other_title,
              t.status AS other_status
         FROM ticket_links l JOIN tickets t ON t.id = l.target_ticket_id WHERE l.source_ticket_id = $1
       UNION ALL
       SELECT l.*, 'incoming', t.id, t.pid, t.title, t.status
         FROM ticket_links l JOIN tickets t ON t.id = l.source_ticket_id WHERE l.target_ticket_id = $1
       ORDER BY created_at, id`,
      [ticketId],
    );
    return rows.map((r) => ({
      ...toLink(r),
      direction: r.direction,
      ticket: { id: r.other_id, pid: r.other_pid, title: r.other_title, status: r.other_status },
    }));
  }
}
