import { found } from '../errors/domain-errors';
import { Page, PageRequest } from '../pagination/page';

/** What RecordReads reads through: a repository's page of records and its lookup by id. */
export interface RecordSource<T, Q extends unknown[]> {
  list(...query: Q): Promise<Page<T>>;
  findById(id: string): Promise<T | null>;
}

/**
 * The two reads every service of administered records passes through to its repository: a page of them (`Q`: what
 * the repository's list takes, a page request by default) and one by id, a NotFoundError naming `resource` when it
 * is not there. It holds nothing but that repository; each service keeps its own dependencies.
 */
export abstract class RecordReads<T, Q extends unknown[] = [PageRequest]> {
  protected constructor(
    private readonly source: RecordSource<T, Q>,
    private readonly resource: string,
  ) {}

  list(...query: Q): Promise<Page<T>> {
    return this.source.list(...query);
  }

  async get(id: string): Promise<T> {
    return found(await this.source.findById(id), this.resource);
  }
}

/** What ScopedRecordReads reads through: a repository whose reads take the caller's scope `S`. */
export interface ScopedRecordSource<T, S> {
  list(scope: S, page: PageRequest): Promise<Page<T>>;
  findVisible(scope: S, id: string): Promise<T | null>;
}

/**
 * RecordReads for records each caller sees only some of: both reads take the caller `U`, whose scope (`scopeOf`)
 * the repository applies in its query; a record outside it is a NotFoundError like one that does not exist.
 */
export abstract class ScopedRecordReads<T, U, S> {
  protected constructor(
    private readonly source: ScopedRecordSource<T, S>,
    private readonly scopeOf: (user: U) => S,
    private readonly resource: string,
  ) {}

  list(user: U, page: PageRequest): Promise<Page<T>> {
    return this.source.list(this.scopeOf(user), page);
  }

  async get(user: U, id: string): Promise<T> {
    return found(await this.source.findVisible(this.scopeOf(user), id), this.resource);
  }
}
