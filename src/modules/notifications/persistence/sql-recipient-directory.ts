import { Person } from '../domain/notification';
import { RecipientDirectory } from '../recipient-directory.port';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

/** Answered from the organisation's and tickets' tables (read only). */
@SqlAdapter(RecipientDirectory)
export class SqlRecipientDirectory extends SqlRepository implements RecipientDirectory {
  async people(ids: readonly string[]): Promise<Person[]> {
    if (ids.length === 0) return [];
    const rows = await this.rows<{
      id: string;
      email: string;
      full_name: string;
      role: string;
      is_active: boolean;
      department_id: string | null;
    }>(
      `SELECT u.id, u.email, u.full_name, u.role, u.is_active, s.department_id
         FROM users u LEFT JOIN staff_profiles s ON s.user_id = u.id
        WHERE u.id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      fullName: r.full_name,
      role: r.role,
      isActive: r.is_active,
      departmentId: r.department_id,
    }));
  }

  async usersWithRole(role: string, departmentId: string | null): Promise<string[]> {
    const rows = departmentId
      ? await this.rows<{ id: string }>(
          `SELECT u.id FROM users u JOIN staff_profiles s ON s.user_id = u.id
            WHERE u.role = $1 AND u.is_active AND s.department_id = $2`,
          [role, departmentId],
        )
      : await this.rows<{ id: string }>(`SELECT id FROM users WHERE role = $1 AND is_active`, [role]);
    return rows.map((r) => r.id);
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
