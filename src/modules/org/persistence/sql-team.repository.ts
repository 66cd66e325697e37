import { Injectable } from '@nestjs/common';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { RowLock } from '../department-repository.port';
import { NewTeam, Team, TeamChanges } from '../domain/team';
import { TeamRepository } from '../team-repository.port';
import { lockClause, setClause } from '../../../infrastructure/database/sql';
import { MeasuredRepository } from '../../../infrastructure/database/measured-repository';
import { Implements } from '../../../common/di/implements';

interface TeamRow {
  id: string;
  department_id: string;
  name: string;
  lead_id: string | null;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
}

const toTeam = (row: TeamRow): Team => ({
  id: row.id,
  departmentId: row.department_id,
  name: row.name,
  leadId: row.lead_id,
  isActive: row.is_active,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const COLUMNS = 'id, department_id, name, lead_id, is_active, created_at, updated_at';

const teamTaken = (name: string | undefined): string =>
  `The department already has a team ${name ? `named "${name}"` : 'with this name'}`;

@Implements(TeamRepository)
@MeasuredRepository()
@Injectable()
export class SqlTeamRepository extends SqlRepository implements TeamRepository {
  async listAll(): Promise<Team[]> {
    const rows = await this.rows<TeamRow>(`SELECT ${COLUMNS} FROM teams ORDER BY lower(name), id`);
    return rows.map(toTeam);
  }

  async findById(id: string, options: RowLock = {}): Promise<Team | null> {
    const rows = await this.rows<TeamRow>(
      `SELECT ${COLUMNS} FROM teams WHERE id = $1${lockClause(options.lock)}`,
      [id],
    );
    return rows[0] ? toTeam(rows[0]) : null;
  }

  async findLedBy(userId: string): Promise<Team[]> {
    const rows = await this.rows<TeamRow>(`SELECT ${COLUMNS} FROM teams WHERE lead_id = $1`, [userId]);
    return rows.map(toTeam);
  }

  async hasMembersOutside(teamId: string, departmentId: string): Promise<boolean> {
    const rows = await this.rows<{ found: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM staff_profiles WHERE team_id = $1 AND department_id <> $2) AS found`,
      [teamId, departmentId],
    );
    return rows[0]?.found ?? false;
  }

  async create(team: NewTeam): Promise<Team> {
    const rows = await this.write<TeamRow>(
      `INSERT INTO teams (department_id, name, lead_id) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
      [team.departmentId, team.name, team.leadId],
      teamTaken(team.name),
    );
    return toTeam(rows[0]);
  }

  async update(id: string, changes: TeamChanges): Promise<Team | null> {
    const params: unknown[] = [id];
    const set = setClause(
      {
        department_id: changes.departmentId,
        name: changes.name,
        lead_id: changes.leadId,
        is_active: changes.isActive,
      },
      params,
    );
    const rows = await this.write<TeamRow>(
      `UPDATE teams SET ${set} WHERE id = $1 RETURNING ${COLUMNS}`,
      params,
      teamTaken(changes.name),
    );
    return rows[0] ? toTeam(rows[0]) : null;
  }

  async clearLead(teamId: string, leadId: string): Promise<void> {
    await this.rows<TeamRow>(
      `UPDATE teams SET lead_id = NULL, updated_at = now() WHERE id = $1 AND lead_id = $2`,
      [teamId, leadId],
    );
  }
}
