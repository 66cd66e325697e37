import { Injectable, Logger } from '@nestjs/common';
import { RecordReads } from '../../common/records/record-reads';
import {
  ConflictError,
  FieldProblem,
  ForbiddenError,
  ValidationFailedError,
  found,
} from '../../common/errors/domain-errors';
import { PageRequest } from '../../common/pagination/page';
import { PasswordHasher } from '../../common/security/password-hasher';
import { AuditTrail } from '../../common/audit/audit-trail';
import { UnitOfWork } from '../../common/unit-of-work';
import { DepartmentsService } from './departments.service';
import { Actor } from '../../common/auth/actor';
import { passwordProblem } from './domain/password-policy';
import { Role } from './domain/role';
import { normaliseEmail } from './domain/user';
import {
  AccountChanges,
  AccountPlan,
  checkAdminsRemain,
  checkSelfLockout,
  mayRemoveAnAdmin,
  Placement,
  placementProblems,
  planAccountChange,
  removesAnActiveAdmin,
  UserAccount,
  UserFilter,
} from './domain/user-account';
import { TeamsService } from './teams.service';
import { UserAccountRepository, UserAccountChanges } from './user-account-repository.port';
import { UserDirectory } from './user-directory.port';
import { UserSessionChanges } from './user-session-changes';

export interface CreateUserInput {
  email: string;
  password: string;
  fullName: string;
  role: Role;
  departmentId?: string | null;
  teamId?: string | null;
}

/**
 * The ids of the active ADMINs, read under a lock the current transaction holds until it ends (see
 * `UsersService.lockAdminsFor`).
 */
export interface LockedAdmins {
  activeIds: readonly string[];
}

/** A committed account change and what must follow it once committed (sessions, caches). */
export interface AccountChangeOutcome {
  account: UserAccount;
  plan: AccountPlan;
  teamsChanged: boolean;
}

@Injectable()
export class UsersService extends RecordReads<UserAccount, [UserFilter, PageRequest]> {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly accounts: UserAccountRepository,
    private readonly departments: DepartmentsService,
    private readonly teams: TeamsService,
    private readonly directory: UserDirectory,
    private readonly sessionChanges: UserSessionChanges,
    private readonly hasher: PasswordHasher,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditTrail,
  ) {
    super(accounts, 'User');
  }

  /** An account of any role; staff get their staff profile in the same transaction. */
  async create(input: CreateUserInput): Promise<UserAccount> {
    const problem = passwordProblem(input.password);
    if (problem)
      throw new ValidationFailedError('The request is not valid', [{ field: 'password', message: problem }]);
    const placement: Placement = { departmentId: input.departmentId ?? null, teamId: input.teamId ?? null };
    const problems = placementProblems(input.role, placement);
    if (problems.length > 0) throw invalidPlacement(problems);
    const passwordHash = await this.hasher.hash(input.password);
    return this.uow.run(async (tx) => {
      await this.checkPlacement(placement, { departmentId: null, teamId: null });
      const user = await this.accounts.create({
        email: normaliseEmail(input.email),
        passwordHash,
        fullName: input.fullName,
        role: input.role,
      });
      if (placement.departmentId)
        await this.accounts.saveStaffProfile(user.id, {
          departmentId: placement.departmentId,
          teamId: placement.teamId,
          available: true,
        });
      const created = await this.mustFind(user.id);
      await this.audit.created(tx, 'user', created);
      return created;
    });
  }

  async update(
    actor: Actor,
    id: string,
    changes: AccountChanges,
    action = 'user.updated',
  ): Promise<UserAccount> {
    const outcome = await this.uow.run(async (tx) => {
      const admins = await this.lockAdminsFor(changes);
      const current = found(await this.accounts.findById(id, { lock: 'update' }), 'User');
      const applied = await this.applyChanges(actor, current, changes, admins);
      await this.audit.record(tx, {
        action,
        entityType: 'user',
        entityId: id,
        before: current,
        after: applied.account,
        actorId: actor.id,
      });
      return applied;
    });
    await this.settle(outcome);
    return outcome.account;
  }

  /** Deactivates: the row stays, the user leaves the default lists and every session of theirs ends. */
  async deactivate(actor: Actor, id: string): Promise<void> {
    await this.update(actor, id, { isActive: false }, 'user.deactivated');
  }

  /**
   * When `changes` could demote or deactivate an active ADMIN: locks the active admins' rows until the transaction
   * ends and gives their ids, else null. Call it first in the transaction, before locking the account itself, so
   * that two such changes take their locks in the same order (the account of an active ADMIN is among those rows).
   */
  async lockAdminsFor(changes: AccountChanges): Promise<LockedAdmins | null> {
    if (!mayRemoveAnAdmin(changes)) return null;
    return { activeIds: await this.accounts.lockActiveAdmins() };
  }

  /**
   * Applies `changes` to an account the caller has locked in the current transaction, after `admins` (what
   * `lockAdminsFor(changes)` gave earlier in it). Demoting or deactivating an active ADMIN is refused (409) when no
   * other active ADMIN would remain, or when the caller is no longer an active ADMIN. Call `settle` with the outcome
   * once the transaction has committed.
   */
  async applyChanges(
    actor: Actor,
    current: UserAccount,
    changes: AccountChanges,
    admins: LockedAdmins | null,
  ): Promise<AccountChangeOutcome> {
    const planned = planAccountChange(current, changes);
    if (!planned.ok) throw invalidPlacement(planned.problems);
    const { plan } = planned;
    const lockout = checkSelfLockout(actor, current.id, plan);
    if (!lockout.ok) throw new ForbiddenError(lockout.reason);
    if (removesAnActiveAdmin(current, plan)) {
      if (!admins)
        throw new Error('The active admins must be locked before an ADMIN is demoted or deactivated');
      const remain = checkAdminsRemain(actor, current.id, admins.activeIds);
      if (!remain.ok) throw new ConflictError(remain.reason);
    }
    const { next } = plan;
    await this.checkPlacement(next, current);

    const userChanges: UserAccountChanges = {};
    if (next.fullName !== current.fullName) userChanges.fullName = next.fullName;
    if (plan.roleChanged) userChanges.role = next.role;
    if (plan.activityChanged) userChanges.isActive = next.isActive;
    await this.accounts.update(current.id, userChanges);

    if (next.departmentId) {
      if (plan.placementChanged || plan.availabilityChanged)
        await this.accounts.saveStaffProfile(current.id, {
          departmentId: next.departmentId,
          teamId: next.teamId,
          available: next.available ?? true,
        });
    } else if (current.departmentId) {
      await this.accounts.removeStaffProfile(current.id);
    }

    const teamsChanged =
      (plan.roleChanged || plan.placementChanged || plan.activityChanged) &&
      (await this.teams.releaseLeadsNoLongerEligible(current.id, next));
    return { account: await this.mustFind(current.id), plan, teamsChanged };
  }

  /**
   * After the commit, so no request can cache the old state again: a deactivation ends every session, a change of
   * role or placement refreshes the cached session state, and led teams that lost their lead leave the cache.
   */
  async settle(outcome: AccountChangeOutcome): Promise<void> {
    const { account, plan } = outcome;
    try {
      if (plan.deactivated) await this.directory.revokeSessions(account.id);
      else if (plan.roleChanged || plan.placementChanged || plan.activityChanged)
        await this.sessionChanges.changed(account.id);
    } catch (error) {
      this.logger.warn(
        { userId: account.id, err: error instanceof Error ? error.message : String(error) },
        'Could not refresh the session state after an account change',
      );
    }
    if (outcome.teamsChanged) await this.teams.invalidateCache();
  }

  /** The department and team of a placement must exist, be active and match; only what changed is checked. */
  private async checkPlacement(next: Placement, current: Placement): Promise<void> {
    const departmentChanged = next.departmentId !== current.departmentId;
    if (next.departmentId && departmentChanged) await this.departments.requireActive(next.departmentId);
    if (next.teamId && (next.teamId !== current.teamId || departmentChanged))
      await this.teams.requireActiveIn(next.teamId, next.departmentId);
  }

  private async mustFind(id: string): Promise<UserAccount> {
    return found(await this.accounts.findById(id), 'User');
  }
}

const invalidPlacement = (problems: FieldProblem[]): ValidationFailedError =>
  new ValidationFailedError('The placement is not valid', problems);
