import { Injectable } from '@nestjs/common';
import { ConflictError } from '../../common/errors/domain-errors';
import { Transaction } from '../../common/unit-of-work';
import { queryRows, uniqueViolation } from './sql';
import { TypeOrmUnitOfWork } from './typeorm-unit-of-work';

/**
 * The base of every SQL repository: explicit SQL in the caller's transaction (or on the pool outside one). The
 * statement helpers (parameters, SET and lock clauses, constraint violations) are in `./sql`.
 */
@Injectable()
export abstract class SqlRepository {
  constructor(protected readonly uow: TypeOrmUnitOfWork) {}

  /** The statement's rows, in `tx` when given, else in the transaction in progress or on the pool. */
  protected rows<T>(sql: string, params: readonly unknown[] = [], tx?: Transaction): Promise<T[]> {
    return queryRows<T>(this.uow.manager(tx), sql, params);
  }

  /**
   * As `rows`, as a prepared statement (see queryRows): for hot statements whose text comes from a small fixed set,
   * with explicit columns.
   */
  protected preparedRows<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return queryRows<T>(this.uow.manager(), sql, params, { prepared: true });
  }

  /** The first row, or null when there is none. */
  protected async one<T>(sql: string, params: readonly unknown[] = []): Promise<T | null> {
    const [row] = await this.rows<T>(sql, params);
    return row ?? null;
  }

  /** Whether the statement returns any row. */
  protected async exists(sql: string, params: readonly unknown[] = []): Promise<boolean> {
    return (await this.rows(sql, params)).length > 0;
  }

  /** Runs a write whose unique violation means the caller asked for something taken: ConflictError(conflict). */
  protected async write<T>(sql: string, params: readonly unknown[], conflict: string): Promise<T[]> {
    try {
      return await this.rows<T>(sql, params);
    } catch (error) {
      if (uniqueViolation(error) !== null) throw new ConflictError(conflict);
      throw error;
    }
  }
}
