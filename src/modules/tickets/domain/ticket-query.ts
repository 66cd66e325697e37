import { FieldProblem } from '../../../common/errors/domain-errors';
import { UUID_PATTERN } from '../../../common/ids';
import { INSTANT_FORM, readInstant } from '../../../common/time/instant';
import { TicketPriority, TicketStatus } from './ticket-enums';

export type TicketSort = 'createdAt' | '-createdAt' | 'priority' | '-updatedAt' | 'dueAt';
export const TICKET_SORTS: readonly TicketSort[] = [
  'createdAt',
  '-createdAt',
  'priority',
  '-updatedAt',
  'dueAt',
];

/** The filters and sort of `GET /tickets`, typed. `assigneeId` is a user id, `me` or `none`. */
export interface TicketQuery {
  statuses?: TicketStatus[];
  priorities?: TicketPriority[];
  departmentId?: string;
  teamId?: string;
  assigneeId?: string;
  requesterId?: string;
  serviceItemId?: string;
  categoryId?: string;
  tag?: string;
  createdFrom?: Date;
  createdTo?: Date;
  /** resolution due before this instant */
  dueBefore?: Date;
  /** true: a target of the SLA was breached; false: none was */
  breached?: boolean;
  q?: string;
  sort?: TicketSort;
}

/** The query parameters as a saved view keeps them: `{"priority": ["URGENT"], "status": ["OPEN"]}`. */
export type TicketQueryParams = Record<string, string | string[]>;

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };
type Rule = { key: keyof TicketQuery; parse: (raw: unknown) => Parsed };

const fail = (message: string): Parsed => ({ ok: false, message });

/**
 * A list parameter's values: `a,b` and `x=a&x=b` both give ['a', 'b']; a value that is not text stays as it is. A value
 * named twice (`a,a`) counts once.
 */
export const listValues = (raw: unknown): unknown[] => [
  ...new Set(
    (Array.isArray(raw) ? (raw as unknown[]) : [raw]).flatMap((v: unknown): unknown[] =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s.length > 0)
        : [v],
    ),
  ),
];

function list<T extends string>(allowed: readonly T[], max: number) {
  return (raw: unknown): Parsed => {
    const items = listValues(raw);
    if (items.length === 0) return fail('must name at least one value');
    if (items.length > max) return fail(`must name at most ${max} values`);
    const bad = items.find((v) => typeof v !== 'string' || !allowed.includes(v as T));
    if (bad !== undefined) return fail(`must be among ${allowed.join(', ')}`);
    return { ok: true, value: items };
  };
}

const uuid = (raw: unknown): Parsed =>
  typeof raw === 'string' && UUID_PATTERN.test(raw)
    ? { ok: true, value: raw.toLowerCase() }
    : fail('must be a UUID');

const text =
  (min: number, max: number, lower = false) =>
  (raw: unknown): Parsed => {
    if (typeof raw !== 'string') return fail('must be a string');
    const value = lower ? raw.trim().toLowerCase() : raw;
    return value.length < min || value.length > max
      ? fail(`must be ${min} to ${max} characters`)
      : { ok: true, value };
  };

const instant = (raw: unknown): Parsed => {
  const at = readInstant(raw);
  return at ? { ok: true, value: at } : fail(INSTANT_FORM);
};

const assignee = (raw: unknown): Parsed => {
  if (typeof raw !== 'string') return fail('must be me, none or a UUID');
  const value = raw.toLowerCase();
  return value === 'me' || value === 'none' || UUID_PATTERN.test(value)
    ? { ok: true, value }
    : fail('must be me, none or a UUID');
};

const bool = (raw: unknown): Parsed =>
  raw === true || raw === 'true'
    ? { ok: true, value: true }
    : raw === false || raw === 'false'
      ? { ok: true, value: false }
      : fail('must be true or false');

const sort = (raw: unknown): Parsed =>
  typeof raw === 'string' && (TICKET_SORTS as readonly string[]).includes(raw)
    ? { ok: true, value: raw }
    : fail(`must be one of ${TICKET_SORTS.join(', ')}`);

/** query parameter → how it is read; the same names, values and limits as `GET /tickets` */
const RULES: Record<string, Rule> = {
  status: { key: 'statuses', parse: list(Object.values(TicketStatus), 7) },
  priority: { key: 'priorities', parse: list(Object.values(TicketPriority), 4) },
  departmentId: { key: 'departmentId', parse: uuid },
  teamId: { key: 'teamId', parse: uuid },
  assigneeId: { key: 'assigneeId', parse: assignee },
  requesterId: { key: 'requesterId', parse: uuid },
  serviceItemId: { key: 'serviceItemId', parse: uuid },
  categoryId: { key: 'categoryId', parse: uuid },
  tag: { key: 'tag', parse: text(1, 50, true) },
  createdFrom: { key: 'createdFrom', parse: instant },
  createdTo: { key: 'createdTo', parse: instant },
  dueBefore: { key: 'dueBefore', parse: instant },
  breached: { key: 'breached', parse: bool },
  q: { key: 'q', parse: text(1, 200) },
  sort: { key: 'sort', parse: sort },
};

export const TICKET_QUERY_PARAMETERS: readonly string[] = Object.keys(RULES);

export type TicketQueryParse = { ok: true; query: TicketQuery } | { ok: false; problems: FieldProblem[] };

/**
 * Reads an object of `GET /tickets` query parameters (as a saved view stores them). Unknown names and bad values
 * are problems named `<path>.<parameter>`, so nothing is silently dropped.
 */
export function parseTicketQuery(raw: unknown, path = 'filters'): TicketQueryParse {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, problems: [{ field: path, message: 'must be an object' }] };
  }
  const query: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const [name, value] of Object.entries(raw)) {
    const rule = Object.prototype.hasOwnProperty.call(RULES, name) ? RULES[name] : undefined;
    if (!rule) {
      problems.push({
        field: `${path}.${name}`,
        message: `is not a ticket filter (use ${TICKET_QUERY_PARAMETERS.join(', ')})`,
      });
      continue;
    }
    const parsed = rule.parse(value);
    if (parsed.ok) query[rule.key] = parsed.value;
    else problems.push({ field: `${path}.${name}`, message: parsed.message });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, query };
}

/** The query back as parameters, in the normal form views keep (lists as arrays, instants in ISO 8601 UTC). */
export function toTicketQueryParams(query: TicketQuery): TicketQueryParams {
  const params: TicketQueryParams = {};
  for (const [name, rule] of Object.entries(RULES)) {
    const value = query[rule.key];
    if (value === undefined) continue;
    params[name] =
      value instanceof Date ? value.toISOString() : typeof value === 'boolean' ? String(value) : value;
  }
  return params;
}

/** A saved query with some parameters given again: those given win, the rest come from the saved one. */
export function overlayTicketQuery(saved: TicketQuery, given: TicketQuery): TicketQuery {
  const defined = Object.entries(given).filter(([, v]) => v !== undefined);
  return { ...saved, ...Object.fromEntries(defined) };
}
