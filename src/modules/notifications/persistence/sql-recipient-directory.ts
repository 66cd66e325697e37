import { Injectable } from '@nestjs/common';
import { Person } from '../domain/notification';
import { RecipientDirectory } from '../recipient-directory';
import { SqlRepository } from './sql-repository';
import { MeasuredRepository } from '../../../infrastructure/database/measured-repository';

/** Answered from the organisation's and tickets' tables (read only). */
@MeasuredRepository()
@Injectable()
export class SqlRecipientDirectory extends SqlRepository implements RecipientDirectory {
  async people(ids: readonly string[]): Promise<Person[]> {
    if (ids.length === 0) return [];
    const rows = await this.rows<{
      id: string;
      email: string;
      full_name: string;
      role: string;
      is_active: boolean;
    }>(`SELECT id, email, full_name, role, is_active FROM users WHERE id = ANY($1::uuid[])`, [
      [...new Set(ids)],
    ]);
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      fullName: r.full_name,
      role: r.role,
      isActive: r.is_active,
    }));
  }

  async departmentLeads(departmentId: string): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(
      `SELECT u.id FROM users u JOIN staff_profiles s ON s.user_id = u.id
        WHERE s.department_id = $1 AND u.role = 'TEAM_LEAD' AND u.is_active
       UNION
       SELECT t.lead_id FROM teams t JOIN users u ON u.id = t.lead_id
        WHERE t.department_id = $1 AND t.is_active AND u.is_active`,
      [departmentId],
    );
    return rows.map((r) => r.id);
  }

  async teamMembers(teamId: string): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(
      `SELECT u.id FROM users u JOIN staff_profiles s ON s.user_id = u.id
        WHERE s.team_id = $1 AND u.is_active AND u.role <> 'END_USER'
       UNION
       SELECT t.lead_id FROM teams t JOIN users u ON u.id = t.lead_id WHERE t.id = $1 AND t.is_active AND u.is_active`,
      [teamId],
    );
    return rows.map((r) => r.id);
  }

  async messageBody(ticketId: string, messageId: string): Promise<string | null> {
    const [row] = await this.rows<{ body: string }>(
      `SELECT body FROM ticket_messages WHERE ticket_id = $1 AND id = $2`,
      [ticketId, messageId],
    );
    return row?.body ?? null;
  }
}
