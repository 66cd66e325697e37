import { Injectable } from '@nestjs/common';
import {
  ConflictError,
  NotFoundError,
  ValidationFailedError,
  found,
} from '../../common/errors/domain-errors';
import { Page, pageOf, PageRequest } from '../../common/pagination/page';
import { AuditTrail } from '../../common/audit/audit-trail';
import { runThen, Transaction, UnitOfWork } from '../../common/unit-of-work';
import { DepartmentsService } from './departments.service';
import { Actor } from '../../common/auth/actor';
import { Role } from './domain/role';
import {
  canLeadTeam,
  inTeamScope,
  LEAD_REQUIREMENT,
  NewTeam,
  Team,
  TeamChanges,
  teamScopeFor,
} from './domain/team';
import { teamBelongsTo } from './domain/user-account';
import { ReferenceCache } from './reference-cache.port';
import { TeamRepository } from './team-repository.port';
import { UserAccountRepository } from './user-account-repository.port';

export interface TeamListFilter {
  departmentId?: string;
  includeInactive: boolean;
}

@Injectable()
export class TeamsService {
  constructor(
    private readonly teams: TeamRepository,
    private readonly departments: DepartmentsService,
    private readonly accounts: UserAccountRepository,
    private readonly cache: ReferenceCache,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * Active teams within the caller's scope (admins may include deactivated ones), optionally of one department, by
   * name. The scope filter runs before paging, so `total` never counts a team the caller may not see.
   */
  async list(actor: Actor, filter: TeamListFilter, page: PageRequest): Promise<Page<Team>> {
    const includeInactive = filter.includeInactive && actor.role === Role.ADMIN;
    const scope = teamScopeFor(actor);
    const visible = (await this.all()).filter(
      (team) =>
        inTeamScope(scope, team) &&
        (includeInactive || team.isActive) &&
        (filter.departmentId === undefined || team.departmentId === filter.departmentId),
    );
    return pageOf(visible, page);
  }

  async get(actor: Actor, id: string): Promise<Team> {
    const team = (await this.all()).find((t) => t.id === id);
    // out of scope answers exactly as missing, so a team's existence never leaks across departments
    if (!team || !inTeamScope(teamScopeFor(actor), team) || (!team.isActive && actor.role !== Role.ADMIN))
      throw new NotFoundError('Team');
    return team;
  }

  async create(input: NewTeam): Promise<Team> {
    return this.write(async (tx) => {
      await this.departments.requireActive(input.departmentId);
      if (input.leadId) await this.requireLead(input.leadId, input.departmentId);
      const created = await this.teams.create(input);
      await this.audit.created(tx, 'team', created);
      return created;
    });
  }

  async update(id: string, changes: TeamChanges): Promise<Team> {
    return this.write(async (tx) => {
      const current = found(await this.teams.findById(id, { lock: 'update' }), 'Team');
      const departmentId = changes.departmentId ?? current.departmentId;
      const moved = departmentId !== current.departmentId;
      if (moved) {
        await this.departments.requireActive(departmentId);
        if (await this.teams.hasMembersOutside(id, departmentId))
          throw new ConflictError('The team has members in its department; move them before the team');
      }
      const leadId = changes.leadId !== undefined ? changes.leadId : current.leadId;
      if (leadId && (leadId !== current.leadId || moved)) await this.requireLead(leadId, departmentId);
      const updated = found(await this.teams.update(id, changes), 'Team');
      await this.audit.updated(tx, 'team', current, updated);
      return updated;
    });
  }

  /** Deactivates: the row stays (members and tickets refer to it), it leaves the default lists. */
  async deactivate(id: string): Promise<void> {
    const team = await this.write(async (tx) => {
      const before = await this.teams.findById(id, { lock: 'update' });
      if (!before) return null;
      const after = await this.teams.update(id, { isActive: false });
      await this.audit.changed(tx, 'team', 'deactivated', before, after);
      return after;
    });
    if (!team) throw new NotFoundError('Team');
  }

  /**
   * The team a member is being placed in, read from the database (locked inside a transaction): unknown is a 400 on
   * teamId, deactivated or of another department a 409.
   */
  async requireActiveIn(teamId: string, departmentId: string | null): Promise<Team> {
    const team = await this.teams.findById(teamId, { lock: 'share' });
    if (!team)
      throw new ValidationFailedError('The request is not valid', [
        { field: 'teamId', message: 'no team has this id' },
      ]);
    if (!team.isActive) throw new ConflictError(`Team "${team.name}" is deactivated`);
    if (!teamBelongsTo(team, departmentId))
      throw new ConflictError("The team belongs to another department than the member's");
    return team;
  }

  /**
   * Removes the user as lead of every team they may no longer lead (after a role, department or activity change).
   * Returns whether any team changed, so the caller can invalidate the cache once committed.
   */
  async releaseLeadsNoLongerEligible(
    userId: string,
    candidate: Parameters<typeof canLeadTeam>[0],
  ): Promise<boolean> {
    return this.uow.run(async (tx) => {
      const led = await this.teams.findLedBy(userId);
      const lost = led.filter((team) => !canLeadTeam(candidate, team.departmentId));
      for (const team of lost) {
        await this.teams.clearLead(team.id, userId);
        const released = { ...team, leadId: null };
        await this.audit.changed(tx, 'team', 'lead_released', team, released);
      }
      return lost.length > 0;
    });
  }

  invalidateCache(): Promise<void> {
    return this.cache.invalidateTeams();
  }

  private async requireLead(leadId: string, departmentId: string): Promise<void> {
    const lead = await this.accounts.findById(leadId, { lock: 'share' });
    if (!lead)
      throw new ValidationFailedError('The request is not valid', [
        { field: 'leadId', message: 'no user has this id' },
      ]);
    if (!canLeadTeam(lead, departmentId)) throw new ConflictError(`leadId: ${LEAD_REQUIREMENT}`);
  }

  private all(): Promise<Team[]> {
    return this.cache.teams(() => this.teams.listAll());
  }

  /** Runs `work` in one transaction; once it has committed, every process's copy of the teams is dropped. */
  private write<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return runThen(this.uow, () => this.cache.invalidateTeams(), work);
  }
}
