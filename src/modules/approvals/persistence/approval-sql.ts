import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../infrastructure/database/sql';
import { TypeOrmUnitOfWork } from '../../../infrastructure/database/typeorm-unit-of-work';

/** Raw SQL in the caller's transaction, or on the pool outside one. */
@Injectable()
export abstract class ApprovalSql {
  constructor(protected readonly uow: TypeOrmUnitOfWork) {}

  protected rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return queryRows<T>(this.uow.manager(), sql, params);
  }
}
