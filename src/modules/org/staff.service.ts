import { Injectable } from '@nestjs/common';
import { ForbiddenError, NotFoundError, found } from '../../common/errors/domain-errors';
import { Page, PageRequest } from '../../common/pagination/page';
import { AuditTrail } from '../../common/audit/audit-trail';
import { UnitOfWork } from '../../common/unit-of-work';
import { Actor } from '../../common/auth/actor';
import { Role } from './domain/role';
import { StaffFilter, StaffMember } from './domain/staff';
import { checkStaffChange, StaffScope, staffScopeFor } from './domain/staff-scope';
import { StaffRepository } from './staff-repository.port';
import { UserAccountRepository } from './user-account-repository.port';
import { UsersService } from './users.service';

export interface StaffChanges {
  role?: Role;
  departmentId?: string;
  teamId?: string | null;
  available?: boolean;
}

@Injectable()
export class StaffService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly accounts: UserAccountRepository,
    private readonly users: UsersService,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditTrail,
  ) {}

  /** Staff within the caller's scope (a TEAM_LEAD: their department only), applied in the query. */
  list(actor: Actor, filter: StaffFilter, page: PageRequest): Promise<Page<StaffMember>> {
    return this.staff.list(this.scopeOf(actor), filter, page);
  }

  /**
   * A member outside the caller's scope is 404, as a missing one; within it, a TEAM_LEAD may change only
   * `available` and `teamId` of agents (403 otherwise). An ADMIN may also make a user staff by giving a department.
   */
  async change(actor: Actor, userId: string, changes: StaffChanges): Promise<StaffMember> {
    const scope = this.scopeOf(actor);
    const fields = Object.entries(changes)
      .filter(([, value]) => value !== undefined)
      .map(([field]) => field);
    const outcome = await this.uow.run(async (tx) => {
      // before the member's row: see UsersService.lockAdminsFor
      const admins = await this.users.lockAdminsFor(changes);
      const member = await this.staff.findByUserId(scope, userId, { lock: 'update' });
      const becomingStaff = scope.kind === 'all' && changes.departmentId !== undefined;
      if (!member && !becomingStaff) throw new NotFoundError('Staff member');
      const current = found(await this.accounts.findById(userId, { lock: 'update' }), 'Staff member');
      const check = checkStaffChange(actor, current, fields);
      if (!check.ok) throw new ForbiddenError(check.reason);
      const applied = await this.users.applyChanges(actor, current, changes, admins);
      await this.audit.updated(tx, 'staff', current, applied.account, actor.id);
      return applied;
    });
    await this.users.settle(outcome);
    return found(await this.staff.findByUserId({ kind: 'all' }, userId), 'Staff member');
  }

  /** The staff the caller may manage; anyone but an ADMIN or a placed TEAM_LEAD is refused (403). */
  private scopeOf(actor: Actor): StaffScope {
    const check = staffScopeFor(actor);
    if (!check.ok) throw new ForbiddenError(check.reason);
    return check.scope;
  }
}
