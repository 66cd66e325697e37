import { MAX_LIMIT, MAX_PAGE } from '../../../common/http/page-query.dto';
import { TicketPriority, TicketStatus } from '../domain/ticket-enums';
import { listValues, TICKET_SORTS } from '../domain/ticket-query';

const STATUSES: readonly unknown[] = Object.values(TicketStatus);
const PRIORITIES: readonly unknown[] = Object.values(TicketPriority);
const SORTS: readonly unknown[] = TICKET_SORTS;

/** ListTicketsQueryDto's bounds, which its decorators and the reader below both apply */
export const MAX_STATUSES = 7;
export const MAX_PRIORITIES = 4;
export const MAX_CURSOR_LENGTH = 512;

/** `@Transform(toList)`, `@IsEnum(each)` and `@ArrayMaxSize(max)`: the list when every value is allowed; else null. */
function enumList(raw: unknown, allowed: readonly unknown[], max: number): unknown[] | null {
  const values = listValues(raw);
  return values.length <= max && values.every((v) => allowed.includes(v)) ? values : null;
}

/**
 * `@Type(() => Number)`, `@IsInt`, `@Min(1)` and `@Max(max)`, for plain decimal digits only (the full validation
 * reads the other spellings it accepts, `1e1` or ` 5`, the same way): the number; else null.
 */
function wholeNumber(raw: unknown, max: number): number | null {
  if (typeof raw !== 'string' || !/^\d{1,7}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= 1 && n <= max ? n : null;
}

/**
 * The common queries of GET /tickets, read without class-transformer and class-validator (see QuickQueryReader):
 * status and priority lists, page or cursor, limit and sort, each exactly as ListTicketsQueryDto's decorators read
 * and check it. Any other parameter, or a value they might read otherwise or refuse, leaves it to them.
 */
export function readListQuery(query: Readonly<Record<string, unknown>>, dto: object): boolean {
  const into = dto as Record<string, unknown>;
  for (const key of Object.keys(query)) {
    const raw = query[key];
    let value: unknown;
    switch (key) {
      case 'status':
        value = enumList(raw, STATUSES, MAX_STATUSES);
        break;
      case 'priority':
        value = enumList(raw, PRIORITIES, MAX_PRIORITIES);
        break;
      case 'page':
        value = wholeNumber(raw, MAX_PAGE);
        break;
      case 'limit':
        value = wholeNumber(raw, MAX_LIMIT);
        break;
      case 'cursor': // @IsString() @MaxLength(MAX_CURSOR_LENGTH): a length in UTF-16 units is never below the one checked
        value = typeof raw === 'string' && raw.length <= MAX_CURSOR_LENGTH ? raw : null;
        break;
      case 'sort':
        value = SORTS.includes(raw) ? raw : null;
        break;
      default:
        return false;
    }
    if (value === null) return false;
    into[key] = value;
  }
  return true;
}
