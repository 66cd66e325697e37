import { randomUUID } from 'node:crypto';
import { RequestPlan } from './load';
import { ScenarioKey } from './options';
import { summaryParams } from './report-sql';
import { PROBLEMS, REPLIES, SENTENCES, SUBJECTS, TAGS } from './words';

export interface Scenario {
  key: ScenarioKey;
  title: string;
  /** what is sent, for the report */
  request: string;
  service: RequestPlan;
  floor: RequestPlan;
  /**
   * `sequential`: one client, request after request (`--requests` of them per target), the service, the floor and
   * `sql` taking turns; `logins`: the service's `service` plan with autocannon, alone and then while `paced` runs at
   * its rate (the floor is not involved); otherwise autocannon with `--connections` for `--duration` seconds
   */
  mode?: 'sequential' | 'logins';
  /** `logins` mode: requests sent at a fixed rate beside the load */
  paced?: { plan: RequestPlan; perSecond: number; title: string };
  /** the statement behind the request, run directly through pg as a third target (sequential scenarios) */
  sql?: { text: string; next(): unknown[] };
}

export interface ScenarioInputs {
  agentToken: string;
  adminToken: string;
  endUserToken: string;
  agentDepartmentId: string;
  /** tickets of the agent's department, visible to them (INTERNAL) */
  readIds: string[];
  /** the same tickets' PIDs */
  readPids: string[];
  /** other such tickets, for the messages */
  messageIds: string[];
  searchWord: string;
  /** a cursor three quarters of the way down the list scenario's tickets */
  deepCursor: string;
  /** start of the 90 days the report covers */
  reportFrom: Date;
  /** the service's summary SQL (from the build) */
  summarySql: string;
  /** users whose password hashes are bcrypt cost 12, and their password (login-load) */
  loginEmails: string[];
  loginPassword: string;
}

/** login-load: logins per second beside the get-ticket load */
export const LOGINS_PER_SECOND = 5;

/** the end of the i-th report range: 90 days after `from` and i milliseconds, so no two ranges are the same */
const reportEnd = (from: Date, i: number): Date => new Date(from.getTime() + 90 * 86_400_000 + i);

/**
 * Where the one-client report's ranges start counting: far past any range the 20-connection `report` scenario asks
 * for earlier in the same run (a few thousand), so none of them is in the service's report cache already.
 */
const SERIAL_REPORT_FIRST = 1_000_000;

/**
 * A report range ending a millisecond later each time: every request is a distinct query, so the service's report
 * cache (keyed by scope, range and timezone) never answers one and each request computes the summary in SQL.
 */
function reportPaths(departmentId: string, from: Date, first = 0): () => { path: string } {
  let i = first;
  return () => {
    const to = reportEnd(from, i++);
    const query = `departmentId=${departmentId}&from=${from.toISOString()}&to=${to.toISOString()}`;
    return { path: `/api/v1/reports/summary?${query}` };
  };
}

/** An asset tag of the seeded descriptions (`Asset tag AT-<10000 + n % 90000>`): a handful of tickets at any size. */
export const RARE_SEARCH_TERM = 'AT-12345';

/** Cycles through `items` forever. */
function rotate<T>(items: readonly T[]): () => T {
  if (items.length === 0) throw new Error('nothing to rotate over');
  let i = 0;
  return () => items[i++ % items.length];
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The same request sequence for both targets; only the service gets the bearer token. */
function plans(
  method: 'GET' | 'POST',
  token: string,
  make: () => () => { path: string; body?: string },
  /** appended to the floor's paths: which of its statements it runs (`?insert-only=true`) */
  floorQuery = '',
): { service: RequestPlan; floor: RequestPlan } {
  const base = method === 'POST' ? JSON_HEADERS : {};
  const floorNext = make();
  return {
    service: { method, headers: { ...base, authorization: `Bearer ${token}` }, next: make() },
    floor: {
      method,
      headers: { ...base },
      next: floorQuery
        ? () => {
            const request = floorNext();
            return { ...request, path: request.path + floorQuery };
          }
        : floorNext,
    },
  };
}

export function buildScenarios(inputs: ScenarioInputs): Record<ScenarioKey, Scenario> {
  const listPath = '/api/v1/tickets?status=OPEN,IN_PROGRESS&priority=HIGH&limit=20';
  const searchPath = `/api/v1/tickets?q=${encodeURIComponent(inputs.searchWord)}&limit=20`;
  const rarePath = `/api/v1/tickets?q=${encodeURIComponent(RARE_SEARCH_TERM)}&limit=20`;

  const createBodies = Array.from({ length: 64 }, (_, i) =>
    JSON.stringify({
      title: `${SUBJECTS[i % SUBJECTS.length]} ${PROBLEMS[(i * 7) % PROBLEMS.length]}`,
      description: `${SENTENCES[i % SENTENCES.length]} ${SENTENCES[(i * 11 + 3) % SENTENCES.length]}`,
      // LOW/MEDIUM only, so reruns on a reused seed do not change what the HIGH-priority list returns
      priority: i % 3 === 0 ? 'LOW' : 'MEDIUM',
      departmentId: inputs.agentDepartmentId,
      tags: ['bench', TAGS[i % TAGS.length]],
    }),
  );
  const messageBodies = REPLIES.map((reply) => JSON.stringify({ body: reply }));
  /** the message plans: the same requests to both, the floor's path with `floorQuery` (which floor statements) */
  const messagePlans = (floorQuery: string): { service: RequestPlan; floor: RequestPlan } =>
    plans(
      'POST',
      inputs.agentToken,
      () => {
        const id = rotate(inputs.messageIds);
        const body = rotate(messageBodies);
        return () => ({ path: `/api/v1/tickets/${id()}/messages`, body: body() });
      },
      floorQuery,
    );
  /** A scenario of one GET of the same path every time, as the agent. */
  const agentGet = (key: ScenarioKey, title: string, request: string, path: string): Scenario => ({
    key,
    title,
    request,
    ...plans('GET', inputs.agentToken, () => () => ({ path })),
  });

  /** GETs of /api/v1/tickets/:id as the agent, rotating over `ids` (UUIDs or PIDs). */
  const ticketGets = (ids: readonly string[]) =>
    plans('GET', inputs.agentToken, () => {
      const id = rotate(ids);
      return () => ({ path: `/api/v1/tickets/${id()}` });
    });

  return {
    live: {
      key: 'live',
      title: 'liveness',
      request: 'GET /health/live (no credentials) against a bare Fastify hello route on the floor',
      service: { method: 'GET', headers: {}, next: () => ({ path: '/health/live' }) },
      floor: { method: 'GET', headers: {}, next: () => ({ path: '/hello' }) },
    },
    get: {
      key: 'get',
      title: 'get ticket',
      request: 'GET /api/v1/tickets/:id (agent, rotating over tickets of their department)',
      ...ticketGets(inputs.readIds),
    },
    getpid: {
      key: 'getpid',
      title: 'get ticket by PID',
      request: 'GET /api/v1/tickets/:pid (agent, the same tickets as `get`, named by PID)',
      ...ticketGets(inputs.readPids),
    },
    'login-load': {
      key: 'login-load',
      title: 'get ticket + logins',
      request:
        `GET /api/v1/tickets/:id as in get, alone and then while POST /api/v1/auth/login runs at ` +
        `${LOGINS_PER_SECOND}/s (paced) for users whose hashes are bcrypt cost 12`,
      mode: 'logins',
      ...ticketGets(inputs.readIds),
      paced: {
        title: `logins ${LOGINS_PER_SECOND}/s`,
        perSecond: LOGINS_PER_SECOND,
        plan: {
          method: 'POST',
          headers: JSON_HEADERS,
          next: (() => {
            // made on first use: the users exist only in runs that include login-load
            let email: (() => string) | undefined;
            return () => ({
              path: '/api/v1/auth/login',
              body: JSON.stringify({
                email: (email ??= rotate(inputs.loginEmails))(),
                password: inputs.loginPassword,
              }),
            });
          })(),
        },
      },
    },
    list: agentGet('list', 'list filtered', `GET ${listPath} (agent)`, listPath),
    deep: agentGet(
      'deep',
      'list, deep page',
      `GET ${listPath}&cursor= (agent; the cursor three quarters of the way down)`,
      `${listPath}&cursor=${inputs.deepCursor}`,
    ),
    search: agentGet('search', 'full-text search', `GET ${searchPath} (agent)`, searchPath),
    rare: agentGet(
      'rare',
      'search, rare term',
      `GET ${rarePath} (agent; an asset tag, in about 1 ticket in 80,000)`,
      rarePath,
    ),
    report: {
      key: 'report',
      title: 'summary report',
      request:
        'GET /api/v1/reports/summary?departmentId=&from=&to= (admin, 90 days of the agent department, uncached: ' +
        'every request ends the range a millisecond apart)',
      ...plans('GET', inputs.adminToken, () => reportPaths(inputs.agentDepartmentId, inputs.reportFrom)),
    },
    'report-serial': {
      key: 'report-serial',
      title: 'summary report, 1 client',
      request:
        'GET /api/v1/reports/summary?departmentId=&from=&to= (admin, 90 days of the agent department, the ' +
        'busiest) by one client, one request at a time; uncached: every request ends the range a millisecond ' +
        'later, so no two share a cache key (checked: the /metrics of the service count one summary statement per request). SQL: the same statement through pg',
      mode: 'sequential',
      ...plans('GET', inputs.adminToken, () =>
        reportPaths(inputs.agentDepartmentId, inputs.reportFrom, SERIAL_REPORT_FIRST),
      ),
      sql: {
        text: inputs.summarySql,
        next: (() => {
          let i = SERIAL_REPORT_FIRST;
          return () =>
            summaryParams(inputs.agentDepartmentId, inputs.reportFrom, reportEnd(inputs.reportFrom, i++));
        })(),
      },
    },
    create: {
      key: 'create',
      title: 'create ticket',
      request: 'POST /api/v1/tickets (end user, a new Idempotency-Key each)',
      ...plans('POST', inputs.endUserToken, () => {
        const body = rotate(createBodies);
        return () => ({
          path: '/api/v1/tickets',
          body: body(),
          headers: { 'idempotency-key': `bench-${randomUUID()}` },
        });
      }),
    },
    message: {
      key: 'message',
      title: 'add message',
      request:
        "POST /api/v1/tickets/:id/messages (agent, tickets of their department); floor: the service's read and write statements",
      ...messagePlans(''),
    },
    'message-insert': {
      key: 'message-insert',
      title: 'add message, insert-only floor',
      request:
        'POST /api/v1/tickets/:id/messages as in `message`; floor: only the INSERT of the message (no read, history or outbox)',
      ...messagePlans('?insert-only=true'),
    },
  };
}
