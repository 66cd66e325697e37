/**
 * One value every instance shares, read through: `read(load)` answers the cached value, or what `load` gives (and
 * keeps it). `invalidate` runs after each committed write; a read during a write can only fill an entry nobody reads
 * any more. Failures never fail a request: without the cache, `load` answers.
 */
export abstract class ReadThroughCache<T> {
  abstract read(load: () => Promise<T>): Promise<T>;
  abstract invalidate(): Promise<void>;
}
