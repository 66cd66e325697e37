import { ValidationFailedError } from '../../../common/errors/domain-errors';
import { UUID_PATTERN } from '../../../common/ids';
import { TicketSort } from '../domain/ticket-query';
import { TicketRow } from './ticket-row.mapper';

interface SortSpec {
  keys: Array<{ expr: string; cast: string }>;
  direction: 'ASC' | 'DESC';
}

// Every sort ends with the id, so the order is total and keyset paging never skips or repeats a row.
export const SORTS: Record<TicketSort, SortSpec> = {
  '-createdAt': { keys: [{ expr: 't.created_at', cast: 'timestamptz' }], direction: 'DESC' },
  createdAt: { keys: [{ expr: 't.created_at', cast: 'timestamptz' }], direction: 'ASC' },
  '-updatedAt': { keys: [{ expr: 't.updated_at', cast: 'timestamptz' }], direction: 'DESC' },
  priority: {
    keys: [
      { expr: 't.priority_rank', cast: 'smallint' },
      { expr: 't.created_at', cast: 'timestamptz' },
    ],
    direction: 'DESC',
  },
  dueAt: {
    keys: [{ expr: "COALESCE(t.due_at, 'infinity'::timestamptz)", cast: 'timestamptz' }],
    direction: 'ASC',
  },
};

interface Cursor {
  s: TicketSort;
  k: string[];
  id: string;
}

/** A cursor is client input: each key must be what its cast expects, or the query would fail. */
function validKey(value: string, cast: string): boolean {
  if (value.length > 64) return false;
  if (cast === 'smallint') return /^-?\d{1,4}$/.test(value);
  return (
    value === 'infinity' ||
    (/^\d{4}-\d{2}-\d{2}[ T][\d:.+-]+$/.test(value) && !Number.isNaN(Date.parse(value)))
  );
}

const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

export function decodeCursor(raw: string, sort: TicketSort): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    const keys = SORTS[sort].keys;
    const ok =
      c.s === sort &&
      Array.isArray(c.k) &&
      c.k.length === keys.length &&
      c.k.every((v, i) => typeof v === 'string' && validKey(v, keys[i].cast)) &&
      typeof c.id === 'string' &&
      UUID_PATTERN.test(c.id);
    if (ok) return c;
  } catch {
    // fall through
  }
  throw new ValidationFailedError('The cursor is not valid for this query', [
    { field: 'cursor', message: 'is not a cursor returned for this sort' },
  ]);
}

/** The cursor that continues after `row` (read with its `k0…` sort-key columns). */
export const cursorOf = (row: TicketRow & Record<string, string>, sort: TicketSort): string =>
  encodeCursor({ s: sort, k: SORTS[sort].keys.map((_, i) => row[`k${i}`]), id: row.id });
