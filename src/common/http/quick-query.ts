/**
 * A query DTO's quick reader: fills `dto` (a fresh instance of the DTO, with its defaults) from `query` and answers
 * true only for a query it can vouch for: one the full validation (class-transformer, then class-validator) would
 * accept, giving it exactly the DTO the full validation would build. Anything else (a parameter it does not read, a
 * value in doubt) answers false, and the full validation decides, with its own 400s. It costs a few microseconds
 * where class-transformer and class-validator take tens.
 */
export type QuickQueryReader = (query: Readonly<Record<string, unknown>>, dto: object) => boolean;

const readers = new WeakMap<object, QuickQueryReader>();

/** Class decorator of a query DTO: its common queries are read by `reader` (see QuickQueryReader). */
export const QuickQuery =
  (reader: QuickQueryReader): ClassDecorator =>
  (target) => {
    readers.set(target, reader);
  };

/** The DTO `metatype`'s quick reader read `query` into: the DTO; else undefined (no reader, or it declined). */
export function readQuickly(metatype: unknown, query: unknown): object | undefined {
  if (typeof metatype !== 'function' || query === null || typeof query !== 'object') return undefined;
  const reader = readers.get(metatype);
  if (reader === undefined) return undefined;
  const dto = new (metatype as new () => object)();
  return reader(query as Record<string, unknown>, dto) ? dto : undefined;
}
