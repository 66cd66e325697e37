import { AsyncLocalStorage } from 'node:async_hooks';

/** What a change made while serving a request knows about that request without it being threaded through. */
export interface RequestContext {
  requestId: string;
  /** the authenticated caller, when there is one */
  actorId: string | null;
  /** when the request's database time runs out (epoch ms), set at its first use of the pool */
  databaseDeadline?: number;
  /** a long-lived request (an event stream) whose database work is not bounded by one deadline */
  databaseUnbounded?: boolean;
  /** the stretch of offDatabaseTime under way: how many sections are open, and since when the first was */
  offDatabase?: { open: number; since: number };
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` (and everything it awaits) with `context` as the current request. */
export const runInRequestContext = <T>(context: RequestContext, work: () => T): T =>
  storage.run(context, work);

/** The request being served, or undefined in jobs and at start-up. */
export const currentRequestContext = (): RequestContext | undefined => storage.getStore();

/** The current request lives on (an event stream): its later database work is not held to the request's deadline. */
export const leaveDatabaseDeadline = (): void => {
  const ctx = storage.getStore();
  if (ctx) ctx.databaseUnbounded = true;
};

/**
 * Runs `work` that uses no database without its time counting against the request's database time: a deadline
 * already set moves on by the time `work` took. For waits that are not the database's: password hashing (which can
 * queue for seconds on a busy machine), and receiving or storing a file (an upload trickling in from a slow client,
 * a copy to S3), which may take far longer than the database budget. Sections may nest or overlap: the deadline moves
 * once, by the time any of them was under way. Not for work that runs beside the request's own database work.
 */
export async function offDatabaseTime<T>(work: () => Promise<T>): Promise<T> {
  const ctx = storage.getStore();
  if (!ctx) return work();
  const off = (ctx.offDatabase ??= { open: 0, since: 0 });
  if (off.open++ === 0) off.since = Date.now();
  try {
    return await work();
  } finally {
    if (--off.open === 0 && ctx.databaseDeadline !== undefined)
      ctx.databaseDeadline += Date.now() - off.since;
  }
}
