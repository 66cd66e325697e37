import { CatalogNode } from './domain/catalog';

/**
 * The catalog tree as requesters see it, shared by every instance. `invalidate` runs after each committed write;
 * a read during a write can only fill an entry nobody reads any more. Failures never fail a request.
 */
export abstract class CatalogCache {
  abstract tree(load: () => Promise<CatalogNode[]>): Promise<CatalogNode[]>;
  abstract invalidate(): Promise<void>;
}
