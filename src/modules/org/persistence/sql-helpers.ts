import { QueryFailedError } from 'typeorm';

/** The violated constraint's name when `error` is a PostgreSQL unique violation (23505), else null. */
export function uniqueViolation(error: unknown): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' ? (driverError.constraint ?? '') : null;
}

/** The violated constraint's name when `error` is a PostgreSQL foreign-key violation (23503), else null. */
export function foreignKeyViolation(error: unknown): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23503' ? (driverError.constraint ?? '') : null;
}

/**
 * `col = $n, …, updated_at = now()` for the columns whose value is not undefined, numbering parameters from
 * `firstParam`. Column names come from code, never from input.
 */
export function setClause(
  columns: Record<string, unknown>,
  firstParam: number,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const parts: string[] = [];
  for (const [column, value] of Object.entries(columns)) {
    if (value === undefined) continue;
    params.push(value);
    parts.push(`${column} = $${firstParam + params.length - 1}`);
  }
  parts.push('updated_at = now()');
  return { sql: parts.join(', '), params };
}

/** A LIKE pattern matching values that start with `prefix` (its wildcards taken literally). */
export const likePrefix = (prefix: string): string => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const lockClause = (lock: 'share' | 'update' | undefined, table?: string): string =>
  lock ? ` FOR ${lock === 'share' ? 'SHARE' : 'UPDATE'}${table ? ` OF ${table}` : ''}` : '';
