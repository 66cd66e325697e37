/**
 * Runs work in one database transaction. Repositories called inside `run` join it, so a change, its history row
 * and its outbox event commit or roll back together. Services depend on this port, never on TypeORM.
 */
export abstract class UnitOfWork {
  abstract run<T>(work: () => Promise<T>): Promise<T>;
}
