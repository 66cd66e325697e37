import { Injectable, Logger } from '@nestjs/common';
import { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { ConflictError, invalidField, NotFoundError } from '../../common/errors/domain-errors';
import { Page, PageRequest } from '../../common/pagination/page';
import { UnitOfWork } from '../../common/unit-of-work';
import { ApproverDirectory } from './approver-directory.port';
import { DelegationRepository } from './delegation-repository.port';
import { refusalError } from './approval-refusal';
import { checkDelegationEnd } from './domain/approval-access';
import { Delegation } from './domain/delegation';

/**
 * Out-of-office delegation: while a window is active, the delegate sees the delegator's pending approvals and may
 * decide them in the delegator's name. One delegator's windows never overlap, so there is one delegate at a time.
 */
@Injectable()
export class DelegationsService {
  private readonly logger = new Logger('Approvals');

  constructor(
    private readonly delegations: DelegationRepository,
    private readonly directory: ApproverDirectory,
    private readonly uow: UnitOfWork,
  ) {}

  async create(user: Actor, delegateId: string, from: Date, to: Date): Promise<Delegation> {
    if (delegateId === user.id) throw invalidField('delegateId', 'you cannot delegate to yourself');
    if (to.getTime() <= from.getTime()) throw invalidField('to', 'must be after from');
    if (to.getTime() <= Date.now()) throw invalidField('to', 'must be in the future');
    if (!(await this.directory.isActiveUser(delegateId)))
      throw invalidField('delegateId', 'no such active user');
    const created = await this.uow.run(async () => {
      await this.delegations.lockDelegator(user.id);
      const clash = await this.delegations.overlapping(user.id, from, to);
      if (clash.length > 0) {
        throw new ConflictError(
          `This window overlaps your delegation ${clash[0].id} (${clash[0].from.toISOString()} to ${clash[0].to.toISOString()})`,
        );
      }
      return this.delegations.insert({ delegatorId: user.id, delegateId, from, to });
    });
    this.logger.log(
      {
        delegationId: created.id,
        actorId: user.id,
        delegateId,
        from: from.toISOString(),
        to: to.toISOString(),
      },
      'approvals delegated',
    );
    return created;
  }

  list(user: Actor, page: PageRequest): Promise<Page<Delegation>> {
    return this.delegations.list(user.role === Role.ADMIN ? { all: true } : { userId: user.id }, page);
  }

  /** The delegator (or an ADMIN) ends a window; the delegate sees it but may not remove it (403). */
  async remove(user: Actor, id: string): Promise<void> {
    const delegation = await this.delegations.find(id);
    if (!delegation) throw new NotFoundError('Delegation');
    const check = checkDelegationEnd(user, delegation);
    if (!check.ok) throw refusalError(check, 'Delegation');
    await this.delegations.delete(id);
    this.logger.log({ delegationId: id, actorId: user.id }, 'delegation ended');
  }
}
