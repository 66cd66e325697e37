import { AsyncLocalStorage } from 'node:async_hooks';

/** What a change made while serving a request knows about that request without it being threaded through. */
export interface RequestContext {
  requestId: string;
  /** the authenticated caller, when there is one */
  actorId: string | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` (and everything it awaits) with `context` as the current request. */
export const runInRequestContext = <T>(context: RequestContext, work: () => T): T =>
  storage.run(context, work);

/** The request being served, or undefined in jobs and at start-up. */
export const currentRequestContext = (): RequestContext | undefined => storage.getStore();
