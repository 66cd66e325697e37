import { join } from 'node:path';

/**
 * The service's own summary SQL, loaded from the build (dist/modules/reports/persistence/report-sql.js, beside
 * dist/bench/), so the floor and the bench's direct SQL measurement run exactly the statement the service runs.
 */
export function loadSummarySql(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SUMMARY_SQL } = require(
    join(__dirname, '..', 'modules', 'reports', 'persistence', 'report-sql.js'),
  ) as {
    SUMMARY_SQL: string;
  };
  return SUMMARY_SQL;
}

/**
 * The service's PID expression (`TKT-YYYYMM-NNNNNN` from the month and the counter's value), loaded from the build
 * like the summary SQL, so the floor's create numbers tickets with the service's own SQL.
 */
export function loadPidSql(): (period: string, sequence: string) => string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PID_SQL } = require(join(__dirname, '..', 'modules', 'tickets', 'persistence', 'pid.sql.js')) as {
    PID_SQL: (period: string, sequence: string) => string;
  };
  return PID_SQL;
}

/** The service's Idempotency-Key claim (idempotency.sql.ts, loaded from the build), the floor's create's first statement. */
export function loadClaimSql(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CLAIM_IDEMPOTENCY_KEY_SQL } = require(
    join(__dirname, '..', 'modules', 'tickets', 'persistence', 'idempotency.sql.js'),
  ) as { CLAIM_IDEMPOTENCY_KEY_SQL: string };
  return CLAIM_IDEMPOTENCY_KEY_SQL;
}

/**
 * The summary's parameters for `[from, to)` in UTC, as the service binds them: the range, the instant each UTC day
 * starts (the first being the range's own start) and the department.
 */
export function summaryParams(departmentId: string | null, from: Date, to: Date): unknown[] {
  const starts = [from];
  for (let day = Math.floor(from.getTime() / 86_400_000) + 1; day * 86_400_000 < to.getTime(); day++)
    starts.push(new Date(day * 86_400_000));
  return [from, to, starts, departmentId];
}

/** The arguments and answer of the service's `listTicketRows` (src/modules/tickets/persistence/ticket-list.sql.ts). */
export type ListTicketRows = (
  run: <T>(sql: string, params: unknown[]) => Promise<T[]>,
  scope: { kind: 'staff'; userId: string; departmentId: string },
  filter: {
    statuses?: string[];
    priorities?: string[];
    q?: string;
    internalNotesOf: { userId: string; departmentId: string };
  },
  sort: '-createdAt',
  paging: { page: number; limit: number } | { cursor: string; limit: number },
) => Promise<{ rows: unknown[]; total: { count: number; estimate: boolean } }>;

/**
 * The service's ticket list SQL, loaded from the build (dist/modules/tickets/persistence/ticket-list.sql.js), so
 * the floor runs the very statements the service runs: the planner's estimate, the page, the capped count.
 */
export function loadTicketListSql(): ListTicketRows {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { listTicketRows } = require(
    join(__dirname, '..', 'modules', 'tickets', 'persistence', 'ticket-list.sql.js'),
  ) as { listTicketRows: ListTicketRows };
  return listTicketRows;
}

/** The service's cursor after a ticket of the `-createdAt` list (ticket-keyset.ts, loaded from the build). */
export function cursorAfter(createdAtText: string, id: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { cursorOf } = require(
    join(__dirname, '..', 'modules', 'tickets', 'persistence', 'ticket-keyset.js'),
  ) as { cursorOf: (row: Record<string, string>, sort: string) => string };
  return cursorOf({ k0: createdAtText, id }, '-createdAt');
}

/** A message of the bench agent, as `recordedMessageSql` (src/modules/tickets/persistence/message-records.sql.ts) takes it. */
export interface FloorMessage {
  message: { ticketId: string; authorId: string; body: string; internal: boolean };
  records: {
    ticket: { id: string; version: number };
    scope: { kind: 'staff'; userId: string; departmentId: string };
    historyType: string;
    event: { type: string; aggregateId: string; payload: string; traceContext: string | null };
  };
}

/**
 * The service's one statement of a plain message (message, history row, outbox event under the ticket's row lock),
 * loaded from the build like the list SQL: answers the statement's text and its parameters.
 */
export function loadRecordedMessageSql(): (m: FloorMessage) => { text: string; values: unknown[] } {
  const dist = join(__dirname, '..');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { recordedMessageSql } = require(
    join(dist, 'modules', 'tickets', 'persistence', 'message-records.sql.js'),
  ) as {
    recordedMessageSql: (p: unknown, m: FloorMessage['message'], r: FloorMessage['records']) => string;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SqlParams } = require(join(dist, 'infrastructure', 'database', 'sql.js')) as {
    SqlParams: new () => { values: unknown[] };
  };
  return ({ message, records }) => {
    const p = new SqlParams();
    return { text: recordedMessageSql(p, message, records), values: p.values };
  };
}
