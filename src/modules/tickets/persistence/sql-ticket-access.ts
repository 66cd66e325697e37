import { isUuid } from '../../../common/ids';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { TicketStatus, TicketVisibility } from '../domain/ticket-enums';
import { TicketAccess, TicketAccessFacts } from '../ticket-access.port';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

@SqlAdapter(TicketAccess)
export class SqlTicketAccess extends SqlRepository implements TicketAccess {
  async factsOf(ticketIds: readonly string[]): Promise<Map<string, TicketAccessFacts>> {
    const ids = [...new Set(ticketIds.filter(isUuid))];
    if (ids.length === 0) return new Map();
    const rows = await this.rows<{
      id: string;
      department_id: string | null;
      visibility: TicketVisibility;
      requester_id: string;
      assignee_id: string | null;
      status: TicketStatus;
      grant_holders: string[];
    }>(
      `SELECT t.id, t.department_id, t.visibility, t.requester_id, t.assignee_id, t.status,
              ARRAY(SELECT g.user_id FROM ticket_access_grants g WHERE g.ticket_id = t.id) AS grant_holders
         FROM tickets t WHERE t.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          departmentId: r.department_id,
          restricted: r.visibility === TicketVisibility.RESTRICTED,
          requesterId: r.requester_id,
          assigneeId: r.assignee_id,
          status: r.status,
          otherPartyIds: r.grant_holders,
        },
      ]),
    );
  }
}
