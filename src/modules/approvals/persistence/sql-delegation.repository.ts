import { isUuid } from '../../../common/ids';
import { Page, PageRequest } from '../../../common/pagination/page';
import { DelegationRepository, NewDelegation } from '../delegation-repository.port';
import { Delegation } from '../domain/delegation';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { SqlTable } from '../../../infrastructure/database/sql-table';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

const DELEGATIONS = new SqlTable<Delegation>({
  from: 'approval_delegations',
  columns: 'id, delegator_id, delegate_id, starts_at AS from, ends_at AS to, created_at',
  insert: 'delegator_id, delegate_id, starts_at AS from, ends_at AS to',
});

@SqlAdapter(DelegationRepository)
export class SqlDelegationRepository extends SqlRepository implements DelegationRepository {
  async lockDelegator(delegatorId: string): Promise<void> {
    await this.rows(`SELECT pg_advisory_xact_lock(hashtextextended('approval-delegations:' || $1, 0))`, [
      delegatorId,
    ]);
  }

  async overlapping(delegatorId: string, from: Date, to: Date): Promise<Delegation[]> {
    return this.rows<Delegation>(
      `SELECT ${DELEGATIONS.columns} FROM ${DELEGATIONS.from}
        WHERE delegator_id = $1 AND starts_at < $3 AND ends_at > $2 ORDER BY starts_at`,
      [delegatorId, from, to],
    );
  }

  insert(delegation: NewDelegation): Promise<Delegation> {
    return this.insertInto(DELEGATIONS, delegation);
  }

  async find(id: string): Promise<Delegation | null> {
    return isUuid(id) ? this.findIn(DELEGATIONS, id) : null;
  }

  delete(id: string): Promise<void> {
    return this.deleteFrom(DELEGATIONS, id);
  }

  async list(scope: { all: true } | { userId: string }, page: PageRequest): Promise<Page<Delegation>> {
    const mine = 'userId' in scope;
    const where = mine ? 'WHERE delegator_id = $1 OR delegate_id = $1' : '';
    const params = mine ? [scope.userId] : [];
    return this.pagedIn(DELEGATIONS, page, 'starts_at DESC, id', where, params);
  }
}
