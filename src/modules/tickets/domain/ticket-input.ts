import { createHash } from 'node:crypto';
import { FieldProblem } from '../../../common/errors/domain-errors';
import { charLength } from '../../../common/text/char-length';

/** The checked title and description, or every problem with them (the first one names the refusal). */
export type TicketTextCheck =
  | { ok: true; title: string; description: string }
  | { ok: false; problems: [FieldProblem, ...FieldProblem[]] };

/**
 * Title and description as the ticket will have them, template included, checked as if sent in full. It never
 * throws: the filing turns the problems into a 400 whose message is the first one's.
 */
export function checkedText(draft: { title?: string; description?: string }): TicketTextCheck {
  const title = draft.title?.trim() ?? '';
  const description = draft.description ?? '';
  const titleLength = charLength(title);
  const problems = [
    titleLength === 0
      ? { field: 'title', message: 'title is required' }
      : titleLength < 3 || titleLength > 200
        ? { field: 'title', message: 'title must be 3 to 200 characters' }
        : null,
    description.length === 0
      ? { field: 'description', message: 'description is required' }
      : description.length > 20000
        ? { field: 'description', message: 'description must be at most 20000 characters' }
        : null,
  ].filter((p) => p !== null);
  const [first, ...rest] = problems;
  if (first) return { ok: false, problems: [first, ...rest] };
  return { ok: true, title, description };
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
