import { ValidationFailedError } from '../../../common/errors/domain-errors';
import { readInstant } from '../../../common/time/instant';
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

/** An instant as PostgreSQL writes it (`2026-11-30 13:02:42.753992+00`), its offset in groups 2 and 3. */
const TIMESTAMP_KEY = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-](\d{2})(?::?(\d{2}))?$/;

/**
 * A cursor is client input: each key must be what its cast expects, or the query would fail. An instant keeps its
 * microseconds (rounding them would skip or repeat rows), so it is checked rather than rewritten: an offset
 * PostgreSQL refuses (past 15:59), a day the calendar lacks (February 31) or a year outside 0001–9999 is not a key.
 */
function validKey(value: string, cast: string): boolean {
  if (value.length > 64) return false;
  if (cast === 'smallint') return /^-?\d{1,4}$/.test(value);
  if (value === 'infinity') return true;
  // PostgreSQL writes a whole-hour offset as `+00`; the instant reader wants its minutes
  return TIMESTAMP_KEY.test(value) && readInstant(value.replace(/([+-]\d{2})$/, '$1:00')) !== null;
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
