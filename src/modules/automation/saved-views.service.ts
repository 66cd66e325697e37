import { Injectable } from '@nestjs/common';
import { ScopedRecordReads } from '../../common/records/record-reads';
import { ForbiddenError, ValidationFailedError } from '../../common/errors/domain-errors';
import { AuditTrail } from '../../common/audit/audit-trail';
import { Transaction, UnitOfWork } from '../../common/unit-of-work';
import { parseTicketQuery, TicketQueryParams, toTicketQueryParams } from '../tickets/domain/ticket-query';
import { canManageView, checkShare, SavedView, ViewUser, viewScopeOf, ViewScope } from './domain/saved-view';
import { SavedViewChanges, SavedViewRepository } from './saved-view-repository.port';

export interface SavedViewInput {
  name: string;
  filters: unknown;
  shared?: boolean;
}

/** Saved views of `GET /tickets` filters: private, or (staff) shared with their department. */
@Injectable()
export class SavedViewsService extends ScopedRecordReads<SavedView, ViewUser, ViewScope> {
  constructor(
    private readonly views: SavedViewRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditTrail,
  ) {
    super(views, viewScopeOf, 'View');
  }

  async create(user: ViewUser, input: SavedViewInput): Promise<SavedView> {
    const filters = validFilters(input.filters);
    const departmentId = input.shared ? sharedDepartment(user) : null;
    return this.uow.run(async (tx) => {
      const view = await this.views.create({
        ownerId: user.id,
        name: input.name,
        filters,
        shared: departmentId !== null,
        departmentId,
      });
      await this.recordShared(tx, user, 'saved_view.created', null, view);
      return view;
    });
  }

  async update(user: ViewUser, id: string, input: Partial<SavedViewInput>): Promise<SavedView> {
    if (input.name === undefined && input.filters === undefined && input.shared === undefined) {
      throw new ValidationFailedError('Nothing to change: send name, filters or shared');
    }
    return this.uow.run(async (tx) => {
      const view = await this.manageable(user, id);
      const changes: SavedViewChanges = {};
      if (input.name !== undefined) changes.name = input.name;
      if (input.filters !== undefined) changes.filters = validFilters(input.filters);
      if (input.shared === true && !view.shared) {
        changes.shared = true;
        changes.departmentId = sharedDepartment(user);
      } else if (input.shared === false && view.shared) {
        if (view.ownerId !== user.id)
          throw new ForbiddenError('Only the owner may make a shared view private');
        changes.shared = false;
        changes.departmentId = null;
      }
      const updated = (await this.views.update(view.id, changes)) ?? view;
      await this.recordShared(tx, user, 'saved_view.updated', view, updated);
      return updated;
    });
  }

  async remove(user: ViewUser, id: string): Promise<void> {
    await this.uow.run(async (tx) => {
      const view = await this.manageable(user, id);
      await this.views.remove(view.id);
      await this.recordShared(tx, user, 'saved_view.deleted', view, null);
    });
  }

  /** A shared view is department configuration, so its changes are audited; a private one is the owner's own. */
  private async recordShared(
    tx: Transaction,
    user: ViewUser,
    action: string,
    before: SavedView | null,
    after: SavedView | null,
  ): Promise<void> {
    if (!before?.shared && !after?.shared) return;
    const entityId = (after ?? before)!.id;
    await this.audit.record(tx, {
      action,
      entityType: 'saved_view',
      entityId,
      before,
      after,
      actorId: user.id,
    });
  }

  private async manageable(user: ViewUser, id: string): Promise<SavedView> {
    const view = await this.get(user, id);
    if (!canManageView(user, view)) throw new ForbiddenError('You may not change this view');
    return view;
  }
}

/** The filters in their normal form, or a 400 naming each bad one (`filters.priority`). */
function validFilters(raw: unknown): TicketQueryParams {
  const parsed = parseTicketQuery(raw, 'filters');
  if (!parsed.ok) throw new ValidationFailedError('The view’s filters are not valid', parsed.problems);
  return toTicketQueryParams(parsed.query);
}

function sharedDepartment(user: ViewUser): string {
  const check = checkShare(user);
  if (check.ok) return check.departmentId;
  if (check.kind === 'forbidden') throw new ForbiddenError(check.reason);
  throw new ValidationFailedError(`shared: ${check.reason}`, [{ field: 'shared', message: check.reason }]);
}
