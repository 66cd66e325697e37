import { AsyncLocalStorage } from 'node:async_hooks';

/** The repository method a query runs for: the labels of its duration in /metrics. */
export interface RepositoryOperation {
  repository: string;
  operation: string;
}

const current = new AsyncLocalStorage<RepositoryOperation>();

/** The repository operation running now, if any (read by the query metrics when a query completes). */
export const currentRepositoryOperation = (): RepositoryOperation | undefined => current.getStore();

/**
 * Names every method of a repository as an operation, so each query it runs is measured as
 * `{repository, operation}` (the class name, unless given, and the method name: a bounded set of labels). A method
 * calling another of the same repository keeps the outer name; a call into another repository takes that one's.
 */
export function MeasuredRepository(name?: string): ClassDecorator {
  return (target) => {
    const repository = name ?? target.name;
    const proto = target.prototype as Record<string, unknown>;
    const seen = new Set<string>(['constructor']);
    for (
      let p: object | null = proto;
      p && p !== Object.prototype;
      p = Object.getPrototypeOf(p) as object | null
    ) {
      for (const key of Object.getOwnPropertyNames(p)) {
        if (seen.has(key)) continue;
        seen.add(key);
        const desc = Object.getOwnPropertyDescriptor(p, key);
        if (!desc || typeof desc.value !== 'function') continue;
        const method = desc.value as (...args: unknown[]) => unknown;
        const operation: RepositoryOperation = { repository, operation: key };
        Object.defineProperty(proto, key, {
          ...desc,
          value: function (this: unknown, ...args: unknown[]): unknown {
            if (current.getStore()?.repository === repository) return method.apply(this, args);
            return current.run(operation, () => method.apply(this, args));
          },
        });
      }
    }
  };
}
