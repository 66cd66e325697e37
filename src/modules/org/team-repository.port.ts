import { RowLock } from './department-repository.port';
import { NewTeam, Team, TeamChanges } from './domain/team';

/** Port for teams; implemented with TypeORM in persistence/. Names are unique within a department. */
export abstract class TeamRepository {
  /** every team, active or not, by name */
  abstract listAll(): Promise<Team[]>;
  abstract findById(id: string, options?: RowLock): Promise<Team | null>;
  abstract findLedBy(userId: string): Promise<Team[]>;
  /** whether any staff member of the team is placed outside `departmentId` */
  abstract hasMembersOutside(teamId: string, departmentId: string): Promise<boolean>;
  /** @throws ConflictError when the name is taken in the department */
  abstract create(team: NewTeam): Promise<Team>;
  /** null when there is no such team; @throws ConflictError when the new name is taken in the department */
  abstract update(id: string, changes: TeamChanges): Promise<Team | null>;
  /** removes the lead of a team only while it is still `leadId` */
  abstract clearLead(teamId: string, leadId: string): Promise<void>;
}
