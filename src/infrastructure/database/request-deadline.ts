import { currentRequestContext, RequestContext } from '../../common/request-context';

/** What of node-postgres's pool and client this needs (typed here, so no cast reaches into the driver's types). */
type ConnectCallback = (err: Error | undefined, client?: PgClient, release?: (err?: Error) => void) => void;
export interface PgPool {
  connect(callback?: ConnectCallback): unknown;
}
interface PgClient {
  query(text: unknown, ...rest: unknown[]): unknown;
}

export interface RequestDeadlineSettings {
  /** DATABASE_ACQUIRE_TIMEOUT_MS: the pool's own limit for one wait */
  acquireTimeoutMs: number;
  /** DATABASE_STATEMENT_TIMEOUT_MS: the connections' own limit for one statement; 0 = none */
  statementTimeoutMs: number;
}

/** the same message as the pool's own acquire timeout, so it is answered the same (503 SERVICE_UNAVAILABLE) */
const ACQUIRE_TIMEOUT = 'timeout exceeded when trying to connect';

/** PostgreSQL's query_canceled, which a statement timeout gives: answered 503 SERVICE_UNAVAILABLE */
class DeadlinePassedError extends Error {
  readonly code = '57014';
  constructor() {
    super("canceling statement: the request's database time ran out");
  }
}

/** statements that end a transaction (or a savepoint) are always sent: a connection must not go back mid-transaction */
const ENDS_TRANSACTION = /^(COMMIT|ROLLBACK|RELEASE SAVEPOINT)\b/i;
const STARTS_TRANSACTION = /^(START TRANSACTION|BEGIN)\b/i;
const ENDS_OUTERMOST = /^(COMMIT|ROLLBACK)$/i;

const deadlineOf = (ctx: RequestContext, settings: RequestDeadlineSettings): number =>
  (ctx.databaseDeadline ??= Date.now() + settings.acquireTimeoutMs + settings.statementTimeoutMs);

/** the request being served, unless it opted out (a stream that lives for minutes) or there is none (jobs) */
const boundedRequest = (): RequestContext | undefined => {
  const ctx = currentRequestContext();
  return ctx && !ctx.databaseUnbounded ? ctx : undefined;
};

/**
 * One request's database time, bounded as a whole. Without it, each wait has its own limit and they add up: a
 * request that waits for a connection, then behind a row lock another blocked request holds, then behind a table
 * lock, answers after the sum of them (two or three times the statement timeout), however short each timeout is.
 *
 * From its first use of the pool, a request may spend DATABASE_ACQUIRE_TIMEOUT_MS + DATABASE_STATEMENT_TIMEOUT_MS on
 * the database in all: a wait for a connection ends at that deadline if the pool's own timeout has not ended it
 * first, and, with a statement timeout set, a statement that would run past the deadline is given only the time left
 * (`SET LOCAL statement_timeout` in a transaction, a session SET that is put back outside one). Past the deadline a
 * statement is not sent at all, except what ends a transaction. Each of these is answered 503 SERVICE_UNAVAILABLE, as
 * the pool's and PostgreSQL's own timeouts are. Time a request spends on no database at all (receiving or storing a
 * file, hashing a password: see offDatabaseTime) moves its deadline on, so a slow upload still has its whole budget
 * for the database work after it. Background jobs (no request) keep the per-wait limits only. Requests that finish
 * quickly pay nothing: the extra statements are sent only once the time left is below the statement timeout.
 */
export function boundRequestDatabaseTime(pool: PgPool, settings: RequestDeadlineSettings): void {
  const original = pool.connect;
  const connect = (callback?: ConnectCallback): unknown => original.call(pool, callback);
  const patched = new WeakSet<PgClient>();
  const bound = (client: PgClient | undefined): void => {
    if (!client || patched.has(client) || settings.statementTimeoutMs <= 0) return;
    patched.add(client);
    boundStatements(client, settings);
  };

  pool.connect = (callback?: ConnectCallback): unknown => {
    if (!callback)
      return new Promise((resolve, reject) =>
        pool.connect((err, client) => (err ? reject(err) : resolve(client))),
      );
    const ctx = boundedRequest();
    if (!ctx) {
      return connect((err, client, release) => {
        bound(client);
        callback(err, client, release);
      });
    }
    const left = deadlineOf(ctx, settings) - Date.now();
    if (left <= 0) {
      process.nextTick(() => callback(new Error(ACQUIRE_TIMEOUT)));
      return undefined;
    }
    let answered = false;
    // the pool's own timeout ends the wait first when the deadline is further away than it
    const timer =
      left < settings.acquireTimeoutMs
        ? setTimeout(() => {
            answered = true;
            callback(new Error(ACQUIRE_TIMEOUT));
          }, left)
        : undefined;
    return connect((err, client, release) => {
      if (answered) {
        if (!err) release?.(); // came too late for its request: straight back to the pool
        return;
      }
      answered = true;
      clearTimeout(timer);
      bound(client);
      callback(err, client, release);
    });
  };
}

/** Gives each statement of a bounded request at most the request's time left (see boundRequestDatabaseTime). */
function boundStatements(client: PgClient, settings: RequestDeadlineSettings): void {
  const original = client.query;
  const query = (text: unknown, ...rest: unknown[]): unknown => original.call(client, text, ...rest);
  let inTransaction = false;
  const restore = `SET statement_timeout = ${settings.statementTimeoutMs}`;

  client.query = (text: unknown, ...rest: unknown[]): unknown => {
    const ctx = boundedRequest();
    // only the promise form TypeORM uses (text and values); anything else goes through untouched
    if (typeof text !== 'string' || rest.some((r) => typeof r === 'function')) return query(text, ...rest);
    const sql = text.trimStart();
    if (STARTS_TRANSACTION.test(sql)) inTransaction = true;
    else if (ENDS_OUTERMOST.test(sql.trimEnd())) inTransaction = false;
    if (!ctx || ENDS_TRANSACTION.test(sql)) return query(text, ...rest);
    const left = Math.floor(deadlineOf(ctx, settings) - Date.now());
    if (left >= settings.statementTimeoutMs) return query(text, ...rest);
    if (left <= 0) return Promise.reject(new DeadlinePassedError());
    if (inTransaction)
      return (query(`SET LOCAL statement_timeout = ${left}`) as Promise<unknown>).then(() =>
        query(text, ...rest),
      );
    return (async () => {
      await query(`SET statement_timeout = ${left}`);
      try {
        return await query(text, ...rest);
      } finally {
        await query(restore);
      }
    })();
  };
}
