import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { UnitOfWork } from '../../common/unit-of-work';

/** Holds the transaction's EntityManager in async-local storage so repositories find it without threading it. */
@Injectable()
export class TypeOrmUnitOfWork extends UnitOfWork {
  private readonly storage = new AsyncLocalStorage<EntityManager>();

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    const current = this.storage.getStore();
    if (current) return work();
    return this.dataSource.transaction((manager) => this.storage.run(manager, work));
  }

  /** The manager of the transaction in progress, else the pool's. */
  manager(): EntityManager {
    return this.storage.getStore() ?? this.dataSource.manager;
  }
}
