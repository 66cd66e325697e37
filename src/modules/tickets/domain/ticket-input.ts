import { createHash } from 'node:crypto';
import { ValidationFailedError } from '../../../common/errors/domain-errors';

/** Title and description as the ticket will have them, template included, checked as if sent in full. */
export function checkedText(draft: { title?: string; description?: string }): {
  title: string;
  description: string;
} {
  const title = draft.title?.trim() ?? '';
  const description = draft.description ?? '';
  const problems = [
    title.length === 0
      ? { field: 'title', message: 'title is required' }
      : title.length < 3 || title.length > 200
        ? { field: 'title', message: 'title must be 3 to 200 characters' }
        : null,
    description.length === 0
      ? { field: 'description', message: 'description is required' }
      : description.length > 20000
        ? { field: 'description', message: 'description must be at most 20000 characters' }
        : null,
  ].filter((p) => p !== null);
  if (problems.length > 0) throw new ValidationFailedError(problems[0].message, problems);
  return { title, description };
}

/** Same request ⇔ same hash: keys sorted at every level so property order does not matter. */
export function requestHash(input: object): string {
  const stable = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(stable)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, stable((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(stable(input)))
    .digest('hex');
}

/** Only the given keys of an object (the fields an update really changes). */
export const pick = <T extends object>(source: T, keys: ReadonlyArray<keyof T>): Partial<T> =>
  Object.fromEntries(keys.map((k) => [k, source[k]])) as Partial<T>;
