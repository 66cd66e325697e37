import { ReadThroughCache } from '../../common/cache/read-through-cache';
import { CatalogNode } from './domain/catalog';

/**
 * The catalog tree as requesters see it, shared by every instance. `invalidate` runs after each committed write;
 * a read during a write can only fill an entry nobody reads any more. Failures never fail a request.
 */
export abstract class CatalogCache extends ReadThroughCache<CatalogNode[]> {}
