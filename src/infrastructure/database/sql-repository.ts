import { Injectable } from '@nestjs/common';
import { ConflictError } from '../../common/errors/domain-errors';
import { offsetOf, Page, PageRequest } from '../../common/pagination/page';
import { Transaction } from '../../common/unit-of-work';
import { lockClause, queryRows, RowLockMode, setClause, uniqueViolation } from './sql';
import { SqlTable } from './sql-table';
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

  /** The table's row with this id (locked as `lock` says), or null. */
  protected async findIn<T>(table: SqlTable<T>, id: string, lock?: RowLockMode): Promise<T | null> {
    return this.one<T>(
      `SELECT ${table.columns} FROM ${table.from} WHERE ${table.alias}.id = $1${lockClause(lock)}`,
      [id],
    );
  }

  /** Inserts the table's insert columns from `values`' properties; the new row. A unique violation is `taken`. */
  protected async insertInto<T>(table: SqlTable<T>, values: object, taken = table.taken): Promise<T> {
    const columns = table.insertColumns.map((c) => c.sql);
    const [row] = await this.change<T>(
      `INSERT INTO ${table.table}${table.alias === table.table ? '' : ` AS ${table.alias}`} (${columns.join(', ')})
       VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING ${table.columns}`,
      table.insertValues(values),
      taken,
    );
    return row;
  }

  /**
   * Sets the table's update columns whose property in `changes` is defined (and `updated_at`, then `also`) on the
   * row with this id; the row after, or null when there is none. A unique violation is `taken`.
   */
  protected async updateIn<T>(
    table: SqlTable<T>,
    id: string,
    changes: object,
    options: { taken?: string; also?: string } = {},
  ): Promise<T | null> {
    const params: unknown[] = [id];
    const set = setClause(table.updateValues(changes), params);
    const [row] = await this.change<T>(
      `UPDATE ${table.from} SET ${set}${options.also ?? ''} WHERE ${table.alias}.id = $1 RETURNING ${table.columns}`,
      params,
      options.taken ?? table.taken,
    );
    return row ?? null;
  }

  /** Deletes the table's row with this id, if any. */
  protected async deleteFrom<T>(table: SqlTable<T>, id: string): Promise<void> {
    await this.rows(`DELETE FROM ${table.table} WHERE id = $1`, [id]);
  }

  /** `write` when a unique violation means something to the caller, else `rows`. */
  private change<T>(sql: string, params: readonly unknown[], taken: string | undefined): Promise<T[]> {
    return taken === undefined ? this.rows<T>(sql, params) : this.write<T>(sql, params, taken);
  }

  /**
   * One page of a listing, and the exact total of its rows: `SELECT <columns> <from> ORDER BY <orderBy>` with the
   * page's LIMIT and OFFSET as the next two parameters, and beside it `SELECT count(*) <from>`.
   */
  protected async paged<R>(listing: Listing, page: PageRequest): Promise<Page<R>> {
    const { columns = '*', from, orderBy, params = [] } = listing;
    const n = params.length;
    const [rows, [{ total }]] = await Promise.all([
      this.rows<R>(`SELECT ${columns} ${from} ORDER BY ${orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`, [
        ...params,
        page.limit,
        offsetOf(page),
      ]),
      this.rows<{ total: number }>(
        `SELECT count(*)::int AS total ${from}`,
        params.slice(0, listing.fromParams ?? n),
      ),
    ]);
    return new Page(rows, page.page, page.limit, total);
  }

  /**
   * One page of the table's rows in `orderBy` order, and their exact total; `where` is a whole WHERE clause (or '')
   * whose parameters are `params` ($1 on).
   */
  protected pagedIn<T>(
    table: SqlTable<T>,
    page: PageRequest,
    orderBy: string,
    where = '',
    params: readonly unknown[] = [],
  ): Promise<Page<T>> {
    const from = where === '' ? `FROM ${table.from}` : `FROM ${table.from} ${where}`;
    return this.paged<T>({ columns: table.columns, from, orderBy, params }, page);
  }
}

/**
 * What a paged list reads: `from` is the FROM clause with its joins and WHERE (the rows listed and counted),
 * `columns` the select list (`*` when left out). `params` are their parameters, `from`'s first ($1 on): the select
 * list may use some after them, and `fromParams` then says how many of them `from` uses (all by default), as the
 * count reads only `from`.
 */
export interface Listing {
  columns?: string;
  from: string;
  orderBy: string;
  params?: readonly unknown[];
  fromParams?: number;
}

/**
 * The base of a repository whose table is read by id and listed a page at a time in `orderBy` order (reference data
 * such as categories, templates, calendars): its `findById` and `list`, each a measured operation of the subclass.
 */
export function SqlListedTable<T>(table: SqlTable<T>, orderBy: string) {
  @Injectable()
  abstract class ListedTable extends SqlRepository {
    findById(id: string, lock: RowLockMode = false): Promise<T | null> {
      return this.findIn(table, id, lock);
    }

    list(page: PageRequest): Promise<Page<T>> {
      return this.pagedIn(table, page, orderBy);
    }
  }
  return ListedTable;
}
