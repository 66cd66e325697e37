import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Transaction, UnitOfWork } from '../../common/unit-of-work';

/** Holds the transaction's EntityManager in async-local storage so repositories find it without threading it. */
@Injectable()
export class TypeOrmUnitOfWork extends UnitOfWork {
  private readonly storage = new AsyncLocalStorage<EntityManager>();

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const current = this.storage.getStore();
    if (current) return work(asTransaction(current));
    return this.dataSource.transaction((manager) =>
      this.storage.run(manager, () => work(asTransaction(manager))),
    );
  }

  /** The manager of the given transaction, else of the one in progress, else the pool's. */
  manager(tx?: Transaction): EntityManager {
    if (tx) return tx as unknown as EntityManager;
    return this.storage.getStore() ?? this.dataSource.manager;
  }
}

// the handle is the transaction's EntityManager itself, hidden behind the opaque type
const asTransaction = (manager: EntityManager): Transaction => manager as unknown as Transaction;
