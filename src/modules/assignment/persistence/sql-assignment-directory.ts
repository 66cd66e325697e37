import { Role } from '../../../common/auth/role';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { OPEN_STATUSES } from '../../tickets/domain/ticket-enums';
import { AssignmentDirectory } from '../assignment-directory.port';
import { AssigneeFacts, TeamFacts } from '../domain/assignment-eligibility';
import { RoundRobinPool } from '../domain/round-robin';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

/** The round-robin pool: available, active agents of a department or team (aliases s = profile, u = user). */
const POOL = `FROM staff_profiles s JOIN users u ON u.id = s.user_id
             WHERE s.available AND u.is_active AND u.role = 'AGENT'`;
const poolCondition = (pool: RoundRobinPool): string =>
  pool.kind === 'team' ? 's.team_id = $1' : 's.department_id = $1';

@SqlAdapter(AssignmentDirectory)
export class SqlAssignmentDirectory extends SqlRepository implements AssignmentDirectory {
  async assignee(userId: string): Promise<AssigneeFacts | null> {
    const [row] = await this.rows<{
      id: string;
      role: Role;
      is_active: boolean;
      department_id: string | null;
      team_id: string | null;
    }>(
      `SELECT u.id, u.role, u.is_active, s.department_id, s.team_id
         FROM users u LEFT JOIN staff_profiles s ON s.user_id = u.id
        WHERE u.id = $1`,
      [userId],
    );
    return row
      ? {
          userId: row.id,
          role: row.role,
          isActive: row.is_active,
          departmentId: row.department_id,
          teamId: row.team_id,
        }
      : null;
  }

  async activeTeam(teamId: string): Promise<TeamFacts | null> {
    const [row] = await this.rows<{ id: string; department_id: string }>(
      'SELECT id, department_id FROM teams WHERE id = $1 AND is_active',
      [teamId],
    );
    return row ? { id: row.id, departmentId: row.department_id } : null;
  }

  async autoAssigns(departmentId: string): Promise<boolean> {
    // prepared: asked on every ticket created
    const rows = await this.preparedRows(
      'SELECT 1 FROM departments WHERE id = $1 AND is_active AND auto_assign',
      [departmentId],
    );
    return rows.length > 0;
  }

  async availableAgents(pool: RoundRobinPool): Promise<string[]> {
    const rows = await this.rows<{ user_id: string }>(
      `SELECT s.user_id ${POOL} AND ${poolCondition(pool)} ORDER BY s.user_id`,
      [pool.id],
    );
    return rows.map((r) => r.user_id);
  }

  async leastLoadedAgent(pool: RoundRobinPool): Promise<string | null> {
    const [row] = await this.rows<{ user_id: string }>(
      `SELECT s.user_id ${POOL} AND ${poolCondition(pool)}
        ORDER BY (SELECT count(*) FROM tickets t
                   WHERE t.assignee_id = s.user_id AND t.status = ANY($2::ticket_status[])), s.user_id
        LIMIT 1`,
      [pool.id, OPEN_STATUSES],
    );
    return row?.user_id ?? null;
  }
}
