import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Transaction, UnitOfWork } from '../../common/unit-of-work';

/** Holds the transaction's EntityManager in async-local storage so repositories find it without threading it. */
@Injectable()
export class TypeOrmUnitOfWork extends UnitOfWork {
  private readonly storage = new AsyncLocalStorage<EntityManager>();
  private readonly committed = new WeakMap<EntityManager, Array<() => Promise<unknown> | void>>();
  private readonly writtenRows = new WeakMap<EntityManager, Set<string>>();

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const current = this.storage.getStore();
    if (current) return work(asTransaction(current));
    const callbacks: Array<() => Promise<unknown> | void> = [];
    const result = await this.dataSource.transaction((manager) => {
      this.committed.set(manager, callbacks);
      return this.storage.run(manager, () => work(asTransaction(manager)));
    });
    for (const callback of callbacks) await runQuietly(callback);
    return result;
  }

  async afterCommit(callback: () => Promise<unknown> | void): Promise<void> {
    const current = this.storage.getStore();
    const callbacks = current ? this.committed.get(current) : undefined;
    if (callbacks) callbacks.push(callback);
    else await runQuietly(callback);
  }

  override noteRowWrite(table: string, id: string): void {
    const current = this.storage.getStore();
    if (!current) return;
    const rows = this.writtenRows.get(current) ?? new Set<string>();
    rows.add(`${table}:${id}`);
    this.writtenRows.set(current, rows);
  }

  override wroteRow(table: string, id: string): boolean {
    const current = this.storage.getStore();
    if (!current) return true;
    return this.writtenRows.get(current)?.has(`${table}:${id}`) ?? false;
  }

  /** The manager of the given transaction, else of the one in progress, else the pool's. */
  manager(tx?: Transaction): EntityManager {
    if (tx) return tx as unknown as EntityManager;
    return this.storage.getStore() ?? this.dataSource.manager;
  }
}

async function runQuietly(callback: () => Promise<unknown> | void): Promise<void> {
  try {
    await callback();
  } catch {
    // committed is committed: a failing follow-up (a cache Redis cannot reach) must not turn it into an error
  }
}

// the handle is the transaction's EntityManager itself, hidden behind the opaque type
const asTransaction = (manager: EntityManager): Transaction => manager as unknown as Transaction;
