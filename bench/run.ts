/**
 * `npm run bench`: seeds helpdesk_bench_<tickets>, starts the built service (dist/main.js) and the bare Fastify + pg floor
 * server as child processes on loopback ports, measures the hot ticket endpoints of both with autocannon, prints a
 * table and writes it as JSON under bench/results/. See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { BENCH_REDIS_PREFIX, clearBenchKeys, prepareDatabase, redact, resolveServers } from './database';
import { hash as bcryptHash } from '@node-rs/bcrypt';
import { httpAttempt, measure, Measurement, probe, RequestPlan, sequential, whilePaced } from './load';
import { BenchOptions, parseOptions, USAGE } from './options';
import { NodeChild, freePort } from './processes';
import {
  BenchReport,
  EventLoopDelay,
  ExplainResult,
  formatTable,
  RoundResult,
  ScenarioResult,
  TargetResult,
  writeReport,
} from './report';
import { aggregate, formatRatio, ratioOf, runRounds, Side, summarizeRounds } from './rounds';
import { cursorAfter, loadSummarySql } from './report-sql';
import { buildScenarios, Scenario } from './scenarios';
import {
  AGENT_COUNT,
  AGENT_EMAIL,
  BENCH_PASSWORD,
  END_USER_COUNT,
  END_USER_EMAIL,
  SEARCH_WORD,
  seed,
  SEED_PERIOD,
  SEED_VERSION,
} from './seed';
import { DEPARTMENTS } from './words';
import { login } from './session';

const ROOT = join(__dirname, '..', '..');
const SERVICE_SCRIPT = join(ROOT, 'dist', 'main.js');
const FLOOR_SCRIPT = join(__dirname, 'floor-server.js');
const RESULTS_DIR = join(ROOT, 'bench', 'results');
const POOL_SIZE = 10;
const ADMIN_EMAIL = 'admin@bench.local';
const SAMPLE_SIZE = 1000;

const log = (message: string): void => void process.stdout.write(`[bench] ${message}\n`);

/** Cleanup steps, run once, last registered first, whatever happened before. */
class Cleanup {
  private readonly steps: Array<{ what: string; run: () => Promise<unknown> }> = [];
  private done?: Promise<void>;

  add(what: string, run: () => Promise<unknown>): void {
    this.steps.push({ what, run });
  }

  run(): Promise<void> {
    this.done ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step.run();
        } catch (err) {
          log(`cleanup: ${step.what} failed: ${(err as Error).message}`);
        }
      }
    })();
    return this.done;
  }
}

/** A server the bench starts as a child process: its script, the variable that names its port, its readiness. */
interface ChildServer {
  name: string;
  /** for the log: what it is, and how it is built */
  what: string;
  how: string;
  script: string;
  portVariable: string;
  readyPath: string;
  readyMs: number;
}

const SERVICE: ChildServer = {
  name: 'service',
  what: 'service',
  how: 'node dist/main.js',
  script: SERVICE_SCRIPT,
  portVariable: 'PORT',
  readyPath: '/health/ready',
  readyMs: 120_000,
};
const FLOOR: ChildServer = {
  name: 'floor',
  what: 'floor server',
  how: 'bare Fastify + pg',
  script: FLOOR_SCRIPT,
  portVariable: 'FLOOR_PORT',
  readyPath: '/health',
  readyMs: 30_000,
};

/**
 * Starts `server` in production mode on a free port with `env`, stopped by `cleanup`; resolves with the child and its
 * base URL once it is ready.
 */
async function startOnFreePort(
  cleanup: Cleanup,
  server: ChildServer,
  env: Record<string, string>,
  cwd: string,
  nodeFlags: readonly string[] = [],
): Promise<{ child: NodeChild; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = new NodeChild(
    server.name,
    server.script,
    { NODE_ENV: 'production', [server.portVariable]: String(port), ...env },
    cwd,
    nodeFlags,
  );
  cleanup.add(`stop the ${server.what}`, () => child.stop());
  const flags = nodeFlags.length > 0 ? ` with ${nodeFlags.join(' ')}` : '';
  log(`starting the ${server.what} (${server.how})${flags} on port ${port}`);
  child.start();
  await child.waitUntilReady(`${url}${server.readyPath}`, server.readyMs);
  return { child, url };
}

async function sampleTickets(
  pool: Pool,
  departmentId: string,
  count: number,
): Promise<Array<{ id: string; pid: string }>> {
  const { rows } = await pool.query<{ id: string; pid: string }>(
    `SELECT id, pid FROM tickets
      WHERE department_id = $1 AND visibility = 'INTERNAL' AND pid LIKE $2
      ORDER BY md5(id::text) LIMIT $3`,
    [departmentId, `TKT-${SEED_PERIOD}-%`, count],
  );
  return rows;
}

/** login-load's users: their password is BENCH_PASSWORD, hashed at bcrypt cost 12 (the seed's users have cost 4). */
const LOGIN_EMAILS = Array.from(
  { length: 5 },
  (_, i) => `login${String(i + 1).padStart(2, '0')}@bench.local`,
);
const LOGIN_COST = 12;

/** Creates login-load's users, or gives them a fresh cost-12 hash; one hash serves all of them. */
async function prepareLoginUsers(pool: Pool): Promise<string[]> {
  const hashed = await bcryptHash(BENCH_PASSWORD, LOGIN_COST);
  if (!hashed.startsWith(`$2b$${LOGIN_COST}$`)) throw new Error(`expected a cost-${LOGIN_COST} hash`);
  await pool.query(
    `INSERT INTO users (email, password_hash, full_name, role)
     SELECT e, $2, 'Bench Login', 'END_USER' FROM unnest($1::text[]) AS e
      WHERE NOT EXISTS (SELECT 1 FROM users u WHERE lower(u.email) = lower(e))`,
    [LOGIN_EMAILS, hashed],
  );
  await pool.query(`UPDATE users SET password_hash = $2, is_active = true WHERE email = ANY($1::text[])`, [
    LOGIN_EMAILS,
    hashed,
  ]);
  return LOGIN_EMAILS;
}

/** The cumulative counts of the service's `helpdesk_event_loop_delay_seconds` histogram, by upper bound (s). */
async function eventLoopDelayBuckets(serviceUrl: string): Promise<Map<number, number>> {
  const response = await fetch(`${serviceUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  const buckets = new Map<number, number>();
  for (const line of text.split('\n')) {
    const m = /^helpdesk_event_loop_delay_seconds_bucket\{le="([^"]+)"\} (\S+)$/.exec(line);
    if (m) buckets.set(m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2]));
  }
  return buckets;
}

/** The cumulative counts of the samples between two readings, by upper bound. */
function bucketsBetween(before: Map<number, number>, after: Map<number, number>): Map<number, number> {
  return new Map([...after].map(([le, count]) => [le, count - (before.get(le) ?? 0)]));
}

/** Cumulative counts of several stretches of time added together: the samples of all of them. */
function addBuckets(parts: ReadonlyArray<Map<number, number>>): Map<number, number> {
  const total = new Map<number, number>();
  for (const part of parts) for (const [le, count] of part) total.set(le, (total.get(le) ?? 0) + count);
  return total;
}

/** Delay samples, as cumulative counts by upper bound: their count and the buckets of their p99 and maximum. */
function eventLoopDelayOf(buckets: Map<number, number>): EventLoopDelay {
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const counts = bounds.map((le) => buckets.get(le) ?? 0);
  const samples = counts[counts.length - 1] ?? 0;
  const ms = (le: number | undefined) =>
    le === undefined || !Number.isFinite(le) ? null : Number((le * 1000).toFixed(1));
  if (samples === 0) return { samples, p99AtMostMs: null, maxAtMostMs: null };
  return {
    samples,
    p99AtMostMs: ms(bounds[counts.findIndex((n) => n >= 0.99 * samples)]),
    maxAtMostMs: ms(bounds[counts.findIndex((n) => n >= samples)]),
  };
}

/**
 * The cursor three quarters of the way down the agent's `list` scenario (their scope; OPEN or IN_PROGRESS, HIGH;
 * newest first), in the service's own cursor format: the `deep` scenario's page.
 */
async function deepListCursor(pool: Pool, agentId: string, departmentId: string): Promise<string> {
  const scope = `(t.requester_id = $1 OR t.assignee_id = $1 OR (t.department_id = $2 AND t.visibility = 'INTERNAL'))
    AND t.status IN ('OPEN', 'IN_PROGRESS') AND t.priority = 'HIGH'`;
  const { rows } = await pool.query<{ k0: string; id: string }>(
    `SELECT (t.created_at)::text AS k0, t.id FROM tickets t WHERE ${scope}
      ORDER BY t.created_at DESC, t.id DESC
     OFFSET (SELECT count(*) * 3 / 4 FROM tickets t WHERE ${scope}) LIMIT 1`,
    [agentId, departmentId],
  );
  if (rows.length === 0) throw new Error('no ticket for the deep page of the list');
  return cursorAfter(rows[0].k0, rows[0].id);
}

const loadAverage = (): number[] => loadavg().map((l) => Number(l.toFixed(2)));

/**
 * How many summary statements the service has run: the count of `db_query_duration_seconds` for the report
 * repository's `summary` operation in its /metrics (one statement per computed summary).
 */
async function summariesComputed(serviceUrl: string): Promise<number> {
  const response = await fetch(`${serviceUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET /metrics: HTTP ${response.status} ${text.slice(0, 300)}`);
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith('db_query_duration_seconds_count{') &&
        l.includes('repository="SqlReportRepository"') &&
        l.includes('operation="summary"'),
    );
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

/** Nearest-rank percentile of ascending numbers. */
const rank = (sorted: number[], p: number): number =>
  sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];

/**
 * The statement's server-side times: `runs` × EXPLAIN (ANALYZE, TIMING OFF), which leaves out the per-node clock
 * reads that make EXPLAIN ANALYZE slower than the query, then one EXPLAIN (ANALYZE, BUFFERS) kept as the plan.
 */
async function explain(
  pool: Pool,
  sql: { text: string; next(): unknown[] },
  runs: number,
): Promise<ExplainResult> {
  const execution: number[] = [];
  const planning: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { rows } = await pool.query<{
      'QUERY PLAN': Array<{ 'Execution Time': number; 'Planning Time': number }>;
    }>(`EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${sql.text}`, sql.next());
    execution.push(rows[0]['QUERY PLAN'][0]['Execution Time']);
    planning.push(rows[0]['QUERY PLAN'][0]['Planning Time']);
  }
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`,
    sql.next(),
  );
  execution.sort((a, b) => a - b);
  planning.sort((a, b) => a - b);
  const r = (v: number) => Number(v.toFixed(2));
  return {
    runs,
    executionMs: { p50: r(rank(execution, 50)), p95: r(rank(execution, 95)), max: r(execution[runs - 1]) },
    planningMs: { p50: r(rank(planning, 50)), max: r(planning[runs - 1]) },
    plan: rows.map((row) => row['QUERY PLAN']).join('\n'),
  };
}

const errorRate = (m: Measurement): number => m.errors / Math.max(1, m.responses + m.socketErrors);

async function run(options: BenchOptions, cleanup: Cleanup): Promise<boolean> {
  const startedAt = new Date().toISOString();
  const servers = resolveServers(process.env, options.tickets);
  log(
    `PostgreSQL ${redact(servers.adminUrl)} (database ${servers.benchDatabase}), Redis ${redact(servers.redisUrl)}`,
  );

  const cleared = await clearBenchKeys(servers.redisUrl);
  if (cleared > 0) log(`deleted ${cleared} Redis keys of earlier runs (${BENCH_REDIS_PREFIX}*)`);
  cleanup.add('delete Redis keys', () => clearBenchKeys(servers.redisUrl));

  const database = await prepareDatabase(
    servers,
    { tickets: options.tickets, version: SEED_VERSION, seedPeriod: SEED_PERIOD, reseed: options.reseed },
    log,
  );

  const workDir = await mkdtemp(join(tmpdir(), 'helpdesk-bench-'));
  cleanup.add('remove work directory', () => rm(workDir, { recursive: true, force: true }));

  // The service, as in production, migrating the bench database as it starts.
  const { child: service, url: serviceUrl } = await startOnFreePort(
    cleanup,
    SERVICE,
    {
      DATABASE_URL: servers.benchUrl,
      DATABASE_POOL_SIZE: String(POOL_SIZE),
      REDIS_URL: servers.redisUrl,
      REDIS_KEY_PREFIX: BENCH_REDIS_PREFIX,
      JWT_SECRET: randomBytes(48).toString('base64url'),
      SECRETS_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
      MIGRATE_ON_START: 'true',
      WORKER_IN_PROCESS: 'false',
      RATE_LIMIT_API_PER_MINUTE: '0',
      RATE_LIMIT_AUTH_PER_IP: '1000000',
      BCRYPT_COST: '4',
      ADMIN_EMAIL,
      ADMIN_PASSWORD: BENCH_PASSWORD,
      DATA_DIR: join(workDir, 'data'),
      STORAGE_DIR: join(workDir, 'attachments'),
    },
    workDir,
    options.serviceNodeFlags,
  );

  const pool = new Pool({ connectionString: servers.benchUrl, max: 2 });
  cleanup.add('close the bench pool', () => pool.end());

  let seedSummary: BenchReport['seed'];
  if (database.kind === 'fresh') {
    log(`seeding ${options.tickets} tickets (${database.reason})`);
    const s = await seed(pool, options.tickets, log);
    log(`seeded in ${s.seconds} s: ${s.tickets} tickets, ${s.messages} messages`);
    const { seconds, ...counts } = s;
    seedSummary = { reused: false, ...counts, seedSeconds: seconds, searchWord: SEARCH_WORD };
  } else {
    const { marker: m, restored } = database;
    log(
      `reusing the seed of ${m.seededAt.toISOString()}: ${m.tickets} tickets, ${m.messages} messages ` +
        `(deleted ${restored.tickets} tickets and ${restored.messages} messages of earlier runs; --reseed to start over)`,
    );
    seedSummary = {
      reused: true,
      tickets: m.tickets,
      messages: m.messages,
      departments: DEPARTMENTS.length,
      agents: AGENT_COUNT,
      endUsers: END_USER_COUNT,
      seedSeconds: null,
      searchWord: SEARCH_WORD,
    };
  }

  const agent = await login(serviceUrl, AGENT_EMAIL);
  const endUser = await login(serviceUrl, END_USER_EMAIL);
  const admin = await login(serviceUrl, ADMIN_EMAIL);
  if (agent.role !== 'AGENT' || !agent.departmentId) {
    throw new Error(`${AGENT_EMAIL} should be an AGENT with a department, got ${agent.role}`);
  }
  const sample = await sampleTickets(pool, agent.departmentId, SAMPLE_SIZE * 2);
  if (sample.length < 20) throw new Error(`only ${sample.length} tickets in the agent's department`);
  const half = Math.ceil(sample.length / 2);

  const { child: floor, url: floorUrl } = await startOnFreePort(
    cleanup,
    FLOOR,
    {
      FLOOR_DATABASE_URL: servers.benchUrl,
      FLOOR_POOL_SIZE: String(POOL_SIZE),
      FLOOR_AGENT_ID: agent.userId,
      FLOOR_AGENT_DEPARTMENT_ID: agent.departmentId,
      FLOOR_REQUESTER_ID: endUser.userId,
    },
    workDir,
  );

  const loginEmails = options.only.includes('login-load') ? await prepareLoginUsers(pool) : [];

  const scenarios = buildScenarios({
    agentToken: agent.token,
    adminToken: admin.token,
    endUserToken: endUser.token,
    agentDepartmentId: agent.departmentId,
    readIds: sample.slice(0, half).map((t) => t.id),
    readPids: sample.slice(0, half).map((t) => t.pid),
    messageIds: sample.slice(half).map((t) => t.id),
    searchWord: SEARCH_WORD,
    deepCursor: await deepListCursor(pool, agent.userId, agent.departmentId),
    reportFrom: new Date(Date.now() - 90 * 86_400_000),
    summarySql: loadSummarySql(),
    loginEmails,
    loginPassword: BENCH_PASSWORD,
  });

  // the SQL alone, on a connection set up as the service's pool sets up its own
  const sqlPool = new Pool({ connectionString: servers.benchUrl, max: 1, options: '-c jit=off' });
  cleanup.add('close the SQL pool', () => sqlPool.end());

  /** One request, which must be 2xx, then the warm-up: before a side's first measurement. Resolves to the list total. */
  const prepareTarget = async (
    name: string,
    baseUrl: string,
    plan: RequestPlan,
  ): Promise<number | undefined> => {
    const check = await probe(baseUrl, plan);
    if (check.status < 200 || check.status >= 300) {
      throw new Error(`${name}: a single request answered HTTP ${check.status}: ${check.snippet}`);
    }
    if (options.warmup > 0) await measure(baseUrl, plan, options.warmup, options.connections);
    return check.total;
  };

  const withMatches = (m: TargetResult, total: number | undefined): TargetResult =>
    total === undefined ? m : { ...m, matches: total };

  /**
   * `load` mode: `--rounds` rounds of the two sides in ABBA order, each side probed and warmed up just before its
   * first measurement (so one round is the service then the floor, measured as before rounds existed).
   */
  const measureRounds = async (
    scenario: Scenario,
  ): Promise<Pick<ScenarioResult, 'service' | 'floor' | 'ratio' | 'ratioRange' | 'rounds'>> => {
    const targets = {
      service: { url: serviceUrl, plan: scenario.service, child: service },
      floor: { url: floorUrl, plan: scenario.floor, child: floor },
    };
    const totals: Partial<Record<Side, number | undefined>> = {};
    const rounds = await runRounds(options.rounds, async (side, index) => {
      const t = targets[side];
      if (!(side in totals)) totals[side] = await prepareTarget(`${scenario.title} (${side})`, t.url, t.plan);
      const result = await measure(t.url, t.plan, options.duration, options.connections);
      if (!t.child.running)
        throw new Error(
          `${t.child.name} died during ${scenario.title}, round ${index + 1}:\n${t.child.tail()}`,
        );
      return result;
    });
    const summary = summarizeRounds(rounds);
    return {
      service: withMatches(summary.service, totals.service),
      floor: withMatches(summary.floor, totals.floor),
      ratio: summary.ratio,
      ratioRange: summary.ratioRange,
      rounds,
    };
  };

  /** One client: the service, the floor and the SQL alone taking turns, request after request. */
  const measureSequential = async (
    scenario: Scenario,
  ): Promise<Pick<ScenarioResult, 'service' | 'floor' | 'sql' | 'explain'>> => {
    for (const [name, url, plan] of [
      ['service', serviceUrl, scenario.service],
      ['floor', floorUrl, scenario.floor],
    ] as const) {
      const check = await probe(url, plan);
      if (check.status < 200 || check.status >= 300)
        throw new Error(
          `${scenario.title} (${name}): a single request answered HTTP ${check.status}: ${check.snippet}`,
        );
    }
    const sql = scenario.sql;
    const attempts = [httpAttempt(serviceUrl, scenario.service), httpAttempt(floorUrl, scenario.floor)];
    if (sql) attempts.push(async () => (await sqlPool.query(sql.text, sql.next()), 200));
    const computedBefore = await summariesComputed(serviceUrl);
    const warmup = Math.ceil(options.requests / 10);
    const [serviceResult, floorResult, sqlResult] = await sequential(attempts, options.requests, warmup);
    // uncached means every request of the service ran the summary's SQL: its statements, counted in /metrics
    const computed = (await summariesComputed(serviceUrl)) - computedBefore;
    if (computed !== options.requests + warmup)
      throw new Error(
        `${scenario.title}: ${options.requests + warmup} requests ran the summary SQL ${computed} times: ` +
          'some were answered from the report cache',
      );
    if (!service.running) throw new Error(`the service died during ${scenario.title}:\n${service.tail()}`);
    if (!floor.running) throw new Error(`the floor died during ${scenario.title}:\n${floor.tail()}`);
    return {
      service: serviceResult,
      floor: floorResult,
      ...(sql && sqlResult ? { sql: sqlResult, explain: await explain(sqlPool, sql, 20) } : {}),
    };
  };

  /**
   * `logins` mode: rounds of the service's plan alone ("floor") and the same while the paced requests run
   * ("service"), in ABBA order; the service's event-loop delay is read from its /metrics around each measurement (its
   * histogram is folded every second).
   */
  const measureWithLogins = async (
    scenario: Scenario,
  ): Promise<
    Pick<
      ScenarioResult,
      'service' | 'floor' | 'paced' | 'targetNames' | 'eventLoopDelay' | 'ratio' | 'ratioRange' | 'rounds'
    >
  > => {
    const paced = scenario.paced!;
    for (const [name, plan] of [
      ['get', scenario.service],
      [paced.title, paced.plan],
    ] as const) {
      const check = await probe(serviceUrl, plan);
      if (check.status < 200 || check.status >= 300)
        throw new Error(
          `${scenario.title} (${name}): a single request answered HTTP ${check.status}: ${check.snippet}`,
        );
    }
    if (options.warmup > 0) await measure(serviceUrl, scenario.service, options.warmup, options.connections);
    const settle = () => new Promise((resolve) => setTimeout(resolve, 1_100));
    await settle();
    let reading = await eventLoopDelayBuckets(serviceUrl);
    // per round: the paced logins, and the delay samples of each side's measurement
    const logins: TargetResult[] = [];
    const delays: Array<Partial<Record<Side, Map<number, number>>>> = [];
    // get alone first, as before rounds existed
    const rounds = await runRounds(
      options.rounds,
      async (side, index) => {
        const load = () => measure(serviceUrl, scenario.service, options.duration, options.connections);
        let result: TargetResult;
        if (side === 'service') {
          const both = await whilePaced(serviceUrl, paced.plan, paced.perSecond, load);
          result = both.result;
          logins[index] = both.paced;
        } else {
          result = await load();
        }
        await settle();
        const after = await eventLoopDelayBuckets(serviceUrl);
        (delays[index] ??= {})[side] = bucketsBetween(reading, after);
        reading = after;
        if (!service.running)
          throw new Error(
            `the service died during ${scenario.title}, round ${index + 1}:\n${service.tail()}`,
          );
        return result;
      },
      'floor',
    );
    const summary = summarizeRounds(rounds);
    const delayOf = (side: Side) => addBuckets(delays.map((d) => d[side] ?? new Map<number, number>()));
    return {
      service: summary.service,
      floor: summary.floor,
      ratio: summary.ratio,
      ratioRange: summary.ratioRange,
      paced: { ...aggregate(logins), title: paced.title },
      targetNames: { service: `get + ${paced.title}`, floor: 'get alone' },
      eventLoopDelay: {
        service: eventLoopDelayOf(delayOf('service')),
        floor: eventLoopDelayOf(delayOf('floor')),
      },
      rounds: rounds.map((r, i): RoundResult => ({
        ...r,
        paced: logins[i],
        eventLoopDelay: {
          service: eventLoopDelayOf(delays[i].service!),
          floor: eventLoopDelayOf(delays[i].floor!),
        },
      })),
    };
  };

  const loadBefore = loadAverage();
  const results: ScenarioResult[] = [];
  log(
    `measuring ${options.only.join(', ')}: ${options.rounds} round(s) of ${options.duration} s per side, ` +
      `${options.connections} connections` +
      (options.warmup > 0 ? `, after ${options.warmup} s of warm-up per side` : '') +
      `; one-client scenarios ${options.requests} requests per target`,
  );
  for (const key of options.only) {
    const scenario = scenarios[key];
    const scenarioLoadBefore = loadAverage();
    const measured: Omit<ScenarioResult, 'key' | 'title' | 'request' | 'mode' | 'loadAverage'> =
      scenario.mode === 'sequential'
        ? await measureSequential(scenario).then((m) => ({ ...m, ratio: ratioOf(m.service, m.floor) }))
        : scenario.mode === 'logins'
          ? await measureWithLogins(scenario)
          : await measureRounds(scenario);
    const { service: serviceResult, floor: floorResult, ratio } = measured;
    if (serviceResult.matches !== undefined && serviceResult.matches !== floorResult.matches) {
      log(
        `warning: ${scenario.title}: service total ${serviceResult.matches}, floor total ${floorResult.matches}`,
      );
    }
    const rounds = measured.rounds?.length ?? 1;
    log(
      `${scenario.title}: service ${serviceResult.requestsPerSecond} req/s, floor ${floorResult.requestsPerSecond} req/s` +
        (rounds > 1
          ? ` (medians of ${rounds} rounds; ratio ${formatRatio(ratio, measured.ratioRange, rounds)})`
          : `, ratio ${formatRatio(ratio, null, 1)}`) +
        (serviceResult.matches !== undefined ? ` (${serviceResult.matches} matching tickets)` : '') +
        (scenario.mode === 'sequential'
          ? `; p50 service ${serviceResult.latencyMs?.p50} ms, floor ${floorResult.latencyMs?.p50} ms` +
            (measured.sql ? `, SQL ${measured.sql.latencyMs?.p50} ms` : '') +
            (measured.explain ? `, execution ${measured.explain.executionMs.p50} ms` : '')
          : ''),
    );
    results.push({
      key,
      title: scenario.title,
      request: scenario.request,
      mode: scenario.mode ?? 'load',
      ...measured,
      loadAverage: { before: scenarioLoadBefore, after: loadAverage() },
    });
  }

  const { rows } = await pool.query<{ server_version: string }>('SHOW server_version');
  const report: BenchReport = {
    startedAt,
    finishedAt: new Date().toISOString(),
    options: {
      tickets: options.tickets,
      duration: options.duration,
      connections: options.connections,
      warmup: options.warmup,
      rounds: options.rounds,
      requests: options.requests,
      reseed: options.reseed,
      label: options.label,
      serviceNodeFlags: options.serviceNodeFlags,
      only: options.only,
      maxErrorRate: options.maxErrorRate,
    },
    environment: {
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      loadAverage: { before: loadBefore, after: loadAverage() },
      postgres: rows[0].server_version,
      database: redact(servers.benchUrl),
      redis: redact(servers.redisUrl),
    },
    seed: seedSummary,
    scenarios: results,
  };

  process.stdout.write(`\n${formatTable(results)}\n\n`);
  process.stdout.write(
    `service/floor = service req/s ÷ floor req/s. Latencies are of 2xx responses; errors = non-2xx + ` +
      `connection errors + timeouts.\n`,
  );
  const file = await writeReport(RESULTS_DIR, report);
  log(`results written to ${file}`);

  // every measurement on its own: each round of each side, or the one-client scenario's targets
  const failing = results.flatMap((r) => {
    const measurements: Array<[string, Measurement]> = r.rounds
      ? r.rounds.flatMap((round, i) =>
          (['service', 'floor'] as const).map((t): [string, Measurement] => [
            `${t}, round ${i + 1}`,
            round[t],
          ]),
        )
      : [
          ['service', r.service],
          ['floor', r.floor],
        ];
    if (r.sql) measurements.push(['sql', r.sql]);
    return measurements
      .filter(([, m]) => errorRate(m) > options.maxErrorRate)
      .map(
        ([t, m]) => `${r.title} (${t}): ${m.errors} errors, status codes ${JSON.stringify(m.statusCodes)}`,
      );
  });
  for (const f of failing) log(`too many errors: ${f}`);
  return failing.length === 0;
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const cleanup = new Cleanup();
  const interrupted = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping`);
    void cleanup.run().then(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    return (await run(options, cleanup)) ? 0 : 1;
  } catch (err) {
    process.stderr.write(`[bench] failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await cleanup.run();
  }
}

void main().then((code) => process.exit(code));
