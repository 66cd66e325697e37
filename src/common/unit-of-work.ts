declare const transactionBrand: unique symbol;

/**
 * The transaction in progress, as an opaque handle: services and observers pass it on, only persistence adapters
 * open it. Repositories called inside `UnitOfWork.run` join the same transaction without it.
 */
export interface Transaction {
  readonly [transactionBrand]: true;
}

/**
 * Runs work in one database transaction. Repositories called inside `run` join it, so a change, its history row
 * and its outbox event commit or roll back together. A `run` inside another joins the outer transaction (and gets
 * its handle). Services depend on this port, never on TypeORM.
 */
export abstract class UnitOfWork {
  abstract run<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Runs `callback` once the transaction in progress has committed, before its `run` returns (at once outside a
   * transaction; never after a rollback), for what must not happen before others can read the change, such as
   * dropping a cache entry. Its errors are swallowed: the change is committed whatever happens to the callback.
   */
  abstract afterCommit(callback: () => Promise<unknown> | void): Promise<void>;
  /**
   * Notes that the transaction in progress updated the row `id` of `table` (nothing outside a transaction).
   * Repositories that update rows another module may hold a copy of note it, so `wroteRow` can tell.
   */
  noteRowWrite(table: string, id: string): void {
    void table;
    void id;
  }
  /**
   * Whether the transaction in progress noted an update of the row so far (true outside a transaction: nobody can
   * tell), so a service skips reading back a row nothing changed since it wrote it.
   */
  wroteRow(table: string, id: string): boolean {
    void table;
    void id;
    return true;
  }
}

/**
 * `uow.run(work)`, with `callback` registered first to run once the transaction has committed (see `afterCommit`):
 * a write to data that others keep a copy of, the callback dropping the copies.
 */
export function runThen<T>(
  uow: UnitOfWork,
  callback: () => Promise<unknown> | void,
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  return uow.run(async (tx) => {
    await uow.afterCommit(callback);
    return work(tx);
  });
}
