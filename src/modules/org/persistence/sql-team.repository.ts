import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { RowLock } from '../department-repository.port';
import { NewTeam, Team, TeamChanges } from '../domain/team';
import { TeamRepository } from '../team-repository.port';
import { SqlTable } from '../../../infrastructure/database/sql-table';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

const TEAMS = SqlTable.deactivatable<Team>('teams', 'department_id, name, lead_id');

const teamTaken = (name: string | undefined): string =>
  `The department already has a team ${name ? `named "${name}"` : 'with this name'}`;

@SqlAdapter(TeamRepository)
export class SqlTeamRepository extends SqlRepository implements TeamRepository {
  listAll(): Promise<Team[]> {
    return this.rows<Team>(`SELECT ${TEAMS.columns} FROM ${TEAMS.from} ORDER BY lower(name), id`);
  }

  findById(id: string, options: RowLock = {}): Promise<Team | null> {
    return this.findIn(TEAMS, id, options.lock);
  }

  findLedBy(userId: string): Promise<Team[]> {
    return this.rows<Team>(`SELECT ${TEAMS.columns} FROM ${TEAMS.from} WHERE lead_id = $1`, [userId]);
  }

  async hasMembersOutside(teamId: string, departmentId: string): Promise<boolean> {
    const rows = await this.rows<{ found: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM staff_profiles WHERE team_id = $1 AND department_id <> $2) AS found`,
      [teamId, departmentId],
    );
    return rows[0]?.found ?? false;
  }

  create(team: NewTeam): Promise<Team> {
    return this.insertInto(TEAMS, team, teamTaken(team.name));
  }

  update(id: string, changes: TeamChanges): Promise<Team | null> {
    return this.updateIn(TEAMS, id, changes, { taken: teamTaken(changes.name) });
  }

  async clearLead(teamId: string, leadId: string): Promise<void> {
    await this.rows(`UPDATE teams SET lead_id = NULL, updated_at = now() WHERE id = $1 AND lead_id = $2`, [
      teamId,
      leadId,
    ]);
  }
}
