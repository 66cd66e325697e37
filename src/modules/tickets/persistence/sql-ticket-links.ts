import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../infrastructure/database/sql';
import { TypeOrmUnitOfWork } from '../../../infrastructure/database/typeorm-unit-of-work';
import { TicketLinkRepository, TicketLinkType, TicketLinkView } from '../ticket-links.port';
import { MeasuredRepository } from '../../../infrastructure/database/measured-repository';

interface LinkRow {
  id: string;
  source_ticket_id: string;
  target_ticket_id: string;
  type: TicketLinkType;
  created_by: string | null;
  created_at: Date;
  direction: 'outgoing' | 'incoming';
  other_id: string;
  other_pid: string;
  other_title: string;
  other_status: string;
}

@MeasuredRepository()
@Injectable()
export class SqlTicketLinkRepository extends TicketLinkRepository {
  constructor(private readonly uow: TypeOrmUnitOfWork) {
    super();
  }

  async add(sourceTicketId: string, targetTicketId: string, type: TicketLinkType, createdBy: string | null) {
    const rows = await queryRows<{ id: string }>(
      this.uow.manager(),
      `INSERT INTO ticket_links (source_ticket_id, target_ticket_id, type, created_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT ticket_links_unique DO NOTHING RETURNING id`,
      [sourceTicketId, targetTicketId, type, createdBy],
    );
    return rows.length > 0;
  }

  async linksOf(ticketId: string): Promise<TicketLinkView[]> {
    const rows = await queryRows<LinkRow>(
      this.uow.manager(),
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
      id: r.id,
      sourceTicketId: r.source_ticket_id,
      targetTicketId: r.target_ticket_id,
      type: r.type,
      createdBy: r.created_by,
      createdAt: r.created_at,
      direction: r.direction,
      ticket: { id: r.other_id, pid: r.other_pid, title: r.other_title, status: r.other_status },
    }));
  }
}
