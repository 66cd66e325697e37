import { Injectable } from '@nestjs/common';
import { isUuid } from '../../../common/ids';
import { Page, PageRequest } from '../../../common/pagination/page';
import { DelegationRepository, NewDelegation } from '../delegation-repository.port';
import { Delegation } from '../domain/delegation';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { MeasuredRepository } from '../../../infrastructure/database/measured-repository';
import { Implements } from '../../../common/di/implements';

interface DelegationRow {
  id: string;
  delegator_id: string;
  delegate_id: string;
  starts_at: Date;
  ends_at: Date;
  created_at: Date;
}

const COLUMNS = 'id, delegator_id, delegate_id, starts_at, ends_at, created_at';

const toDelegation = (r: DelegationRow): Delegation => ({
  id: r.id,
  delegatorId: r.delegator_id,
  delegateId: r.delegate_id,
  from: r.starts_at,
  to: r.ends_at,
  createdAt: r.created_at,
});

@Implements(DelegationRepository)
@MeasuredRepository()
@Injectable()
export class SqlDelegationRepository extends SqlRepository implements DelegationRepository {
  async lockDelegator(delegatorId: string): Promise<void> {
    await this.rows(`SELECT pg_advisory_xact_lock(hashtextextended('approval-delegations:' || $1, 0))`, [
      delegatorId,
    ]);
  }

  async overlapping(delegatorId: string, from: Date, to: Date): Promise<Delegation[]> {
    const rows = await this.rows<DelegationRow>(
      `SELECT ${COLUMNS} FROM approval_delegations
        WHERE delegator_id = $1 AND starts_at < $3 AND ends_at > $2 ORDER BY starts_at`,
      [delegatorId, from, to],
    );
    return rows.map(toDelegation);
  }

  async insert(d: NewDelegation): Promise<Delegation> {
    const [row] = await this.rows<DelegationRow>(
      `INSERT INTO approval_delegations (delegator_id, delegate_id, starts_at, ends_at) VALUES ($1, $2, $3, $4)
       RETURNING ${COLUMNS}`,
      [d.delegatorId, d.delegateId, d.from, d.to],
    );
    return toDelegation(row);
  }

  async find(id: string): Promise<Delegation | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.rows<DelegationRow>(
      `SELECT ${COLUMNS} FROM approval_delegations WHERE id = $1`,
      [id],
    );
    return row ? toDelegation(row) : null;
  }

  async delete(id: string): Promise<void> {
    await this.rows(`DELETE FROM approval_delegations WHERE id = $1`, [id]);
  }

  async list(scope: { all: true } | { userId: string }, page: PageRequest): Promise<Page<Delegation>> {
    const mine = 'userId' in scope;
    const where = mine ? 'WHERE delegator_id = $1 OR delegate_id = $1' : '';
    const params = mine ? [scope.userId] : [];
    return this.paged(
      { columns: COLUMNS, from: `approval_delegations ${where}`, orderBy: 'starts_at DESC, id', params },
      page,
      toDelegation,
    );
  }
}
