/**
 * The soak: the built service under a steady mixed load (reads, lists, creates, messages, logins) at a share of the
 * throughput it reaches unthrottled, with /metrics scraped as it runs. It passes with no 5xx answer, resident memory and
 * V8 heap flat after the warm-up (the floors of the first and last `windowShare` of the samples within `maxGrowth`), and an
 * event-loop delay p99 within `maxLoopP99Ms` in every scrape interval. Used by `npm run test:soak` (bench/soak.ts) and
 * in a short form by the e2e suite (test/soak.e2e-spec.ts). Loopback only, bounded in time.
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { NodeChild, freePort } from './processes';
import { AGENT_EMAIL, BENCH_PASSWORD, END_USER_COUNT, END_USER_EMAIL } from './seed';
import { PROBLEMS, REPLIES, SENTENCES, SUBJECTS, TAGS } from './words';
import { login, Session } from './session';

export interface SoakOptions {
  /** dist/main.js */
  serviceScript: string;
  /** a migrated database, seeded by `seed` once the service is up (the bench seed's users and tickets) */
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  /** a scratch directory (DATA_DIR, attachments) */
  workDir: string;
  seed(log: (message: string) => void): Promise<void>;
  calibrateSeconds: number;
  warmupSeconds: number;
  /** the measured soak after the warm-up */
  seconds: number;
  /** the share of the unthrottled throughput to hold (0.7) */
  share: number;
  connections: number;
  scrapeSeconds: number;
  maxLoopP99Ms: number;
  maxGrowth: number;
  /**
   * The share of the samples after the warm-up whose floor stands for the start and for the end (default a fifth).
   * A window must be long enough to hold a full collection, or its floor is only how far the heap had filled: a
   * short soak compares halves.
   */
  windowShare?: number;
  log(message: string): void;
}

interface Sample {
  at: number;
  rss: number;
  heap: number;
  /** cumulative event-loop delay histogram: upper bound (s) → count */
  loop: Map<number, number>;
  loopWindowMax: number;
}

export interface SoakResult {
  pass: boolean;
  verdict: string;
  failures: string[];
  startedAt: string;
  machine: { cpus: number; model: string; loadBefore: number[]; loadAfter: number[] };
  maxRequestsPerSecond: number;
  targetRequestsPerSecond: number;
  achievedRequestsPerSecond: number;
  seconds: number;
  warmupSeconds: number;
  requests: number;
  statusCodes: Record<string, number>;
  fiveXx: number;
  socketErrors: number;
  latencyMs: { p50: number; p99: number; max: number };
  rssMiB: { first: number; last: number; growth: number; max: number };
  heapMiB: { first: number; last: number; growth: number; max: number };
  loop: { p99MaxMs: number; p99PerIntervalMs: number[]; maxDelayMs: number };
}

const MiB = 1024 * 1024;
const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

async function ticketIdsOf(baseUrl: string, session: Session, pages: number): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; page <= pages; page++) {
    const response = await fetch(`${baseUrl}/api/v1/tickets?limit=100&page=${page}`, {
      headers: { authorization: `Bearer ${session.token}` },
      signal: AbortSignal.timeout(30_000),
    });
    if (response.status !== 200) throw new Error(`listing tickets: HTTP ${response.status}`);
    const { data } = (await response.json()) as { data: Array<{ id: string; status: string }> };
    ids.push(...data.filter((t) => t.status !== 'CLOSED' && t.status !== 'CANCELLED').map((t) => t.id));
    if (data.length < 100) break;
  }
  return ids;
}

/** Parses the samples the soak needs out of the Prometheus text. */
export function sampleOf(text: string, at: number): Sample {
  const value = (name: string): number => {
    const m = new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(text);
    if (!m) throw new Error(`/metrics has no ${name}`);
    return Number(m[1]);
  };
  const loop = new Map<number, number>();
  for (const m of text.matchAll(/^helpdesk_event_loop_delay_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)) {
    loop.set(m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2]));
  }
  if (loop.size === 0) throw new Error('/metrics has no helpdesk_event_loop_delay_seconds');
  const windowMax = /^helpdesk_event_loop_delay_window_seconds\{quantile="1"\} ([0-9.e+-]+)$/m.exec(text);
  return {
    at,
    rss: value('process_resident_memory_bytes'),
    heap: value('nodejs_heap_size_used_bytes'),
    loop,
    loopWindowMax: Number(windowMax?.[1] ?? 0),
  };
}

/**
 * The p99 of the event-loop delay between two scrapes, in ms, interpolated inside its bucket as Prometheus'
 * histogram_quantile() does (a p99 in the +Inf bucket reads as the largest finite bound).
 */
export function loopP99Between(before: Sample, after: Sample): number {
  const bounds = [...after.loop.keys()].sort((a, b) => a - b);
  const delta = (le: number) => (after.loop.get(le) ?? 0) - (before.loop.get(le) ?? 0);
  const total = delta(Infinity);
  if (total <= 0) return 0;
  const rank = 0.99 * total;
  let lower = 0;
  let below = 0;
  for (const le of bounds) {
    const count = delta(le);
    if (count >= rank) {
      if (le === Infinity) return lower * 1000;
      return (lower + ((le - lower) * (rank - below)) / Math.max(1, count - below)) * 1000;
    }
    lower = le;
    below = count;
  }
  return lower * 1000;
}

/** The mixed workload, a fixed cycle of 20 requests: 8 gets, 5 lists, 3 creates, 3 messages and a login. */
function workload(agent: Session, endUser: Session, readIds: string[], messageIds: string[]) {
  // prettier-ignore
  const cycle = ['get', 'list', 'get', 'create', 'get', 'message', 'list', 'get', 'login', 'get',
    'list', 'message', 'get', 'create', 'list', 'get', 'message', 'create', 'get', 'list'];
  let slot = 0;
  let n = 0;
  const json = (token: string | null): Record<string, string> => ({
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  });
  const pick = <T>(list: readonly T[]): T => list[n % list.length];
  return (): autocannon.RequestSpec => {
    const kind = cycle[slot++ % cycle.length];
    n++;
    switch (kind) {
      case 'get':
        return { method: 'GET', path: `/api/v1/tickets/${pick(readIds)}`, headers: json(agent.token) };
      case 'list':
        return {
          method: 'GET',
          path:
            n % 2
              ? '/api/v1/tickets?status=OPEN,IN_PROGRESS&limit=20'
              : '/api/v1/tickets?priority=HIGH&limit=20',
          headers: json(agent.token),
        };
      case 'create':
        return {
          method: 'POST',
          path: '/api/v1/tickets',
          headers: json(endUser.token),
          body: JSON.stringify({
            title: `${pick(SUBJECTS)} ${PROBLEMS[(n * 7) % PROBLEMS.length]}`,
            description: `${pick(SENTENCES)} ${SENTENCES[(n * 11 + 3) % SENTENCES.length]}`,
            priority: n % 3 === 0 ? 'LOW' : 'MEDIUM',
            departmentId: agent.departmentId,
            tags: ['soak', TAGS[n % TAGS.length]],
          }),
        };
      case 'message':
        return {
          method: 'POST',
          path: `/api/v1/tickets/${pick(messageIds)}/messages`,
          headers: json(agent.token),
          body: JSON.stringify({ body: pick(REPLIES) }),
        };
      default: {
        const user = (n % END_USER_COUNT) + 1;
        return {
          method: 'POST',
          path: '/api/v1/auth/login',
          headers: json(null),
          body: JSON.stringify({
            email: `user${String(user).padStart(5, '0')}@bench.local`,
            password: BENCH_PASSWORD,
          }),
        };
      }
    }
  };
}

interface LoadOutcome {
  result: autocannon.Result;
  statusCodes: Record<string, number>;
  latencies: number[];
}

async function load(
  url: string,
  next: () => autocannon.RequestSpec,
  seconds: number,
  connections: number,
  overallRate?: number,
): Promise<LoadOutcome> {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 10,
    ...(overallRate ? { overallRate } : {}),
    requests: [{ setupRequest: (request) => ({ ...request, ...next() }) }],
  });
  instance.on('response', (_client, statusCode, _bytes, ms) => {
    statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    latencies.push(ms);
  });
  const result = await instance;
  return { result, statusCodes, latencies };
}

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const startedAt = new Date().toISOString();
  const loadBefore = loadavg().map((l) => round(l, 2));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const service = new NodeChild(
    'service',
    o.serviceScript,
    {
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: o.databaseUrl,
      REDIS_URL: o.redisUrl,
      REDIS_KEY_PREFIX: o.redisPrefix,
      JWT_SECRET: randomBytes(48).toString('base64url'),
      JWT_ACCESS_TTL: '2h',
      SECRETS_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
      MIGRATE_ON_START: 'true',
      // the api process as most run it: with the queue consumers and the outbox relay inside
      WORKER_IN_PROCESS: 'true',
      RATE_LIMIT_API_PER_MINUTE: '0',
      RATE_LIMIT_ANONYMOUS_PER_IP: '0',
      RATE_LIMIT_AUTH_PER_IP: '1000000',
      BCRYPT_COST: '4',
      ADMIN_EMAIL: 'admin@bench.local',
      ADMIN_PASSWORD: BENCH_PASSWORD,
      DATA_DIR: join(o.workDir, 'data'),
      STORAGE_DIR: join(o.workDir, 'attachments'),
    },
    o.workDir,
  );
  service.start();
  try {
    await service.waitUntilReady(`${baseUrl}/health/ready`, 120_000);
    await o.seed(o.log);
    const agent = await login(baseUrl, AGENT_EMAIL);
    const endUser = await login(baseUrl, END_USER_EMAIL);
    const ids = await ticketIdsOf(baseUrl, agent, 10);
    if (ids.length < 20) throw new Error(`only ${ids.length} open tickets in the agent's department`);
    const readIds = ids.filter((_, i) => i % 2 === 0);
    const messageIds = ids.filter((_, i) => i % 2 === 1);
    const next = workload(agent, endUser, readIds, messageIds);

    o.log(
      `calibrating: the mixed workload unthrottled for ${o.calibrateSeconds} s, ${o.connections} connections`,
    );
    const calibration = await load(baseUrl, next, o.calibrateSeconds, o.connections);
    const max = calibration.result.requests.average;
    const calibration5xx = Object.entries(calibration.statusCodes)
      .filter(([code]) => Number(code) >= 500)
      .reduce((s, [, n]) => s + n, 0);
    const rate = Math.max(1, Math.round(max * o.share));
    o.log(
      `max ${round(max)} req/s (${calibration5xx} 5xx); holding ${rate} req/s for ${o.warmupSeconds + o.seconds} s`,
    );

    const samples: Sample[] = [];
    const t0 = Date.now();
    const scrape = async (): Promise<void> => {
      try {
        const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
        samples.push(sampleOf(await response.text(), (Date.now() - t0) / 1000));
      } catch (err) {
        o.log(`scrape failed: ${(err as Error).message}`);
      }
    };
    await scrape();
    const timer = setInterval(() => void scrape(), o.scrapeSeconds * 1000);
    let soak: LoadOutcome;
    try {
      soak = await load(baseUrl, next, o.warmupSeconds + o.seconds, o.connections, rate);
    } finally {
      clearInterval(timer);
    }
    await scrape();

    const after = samples.filter((s) => s.at >= o.warmupSeconds);
    const window = Math.max(1, Math.floor(after.length * (o.windowShare ?? 0.2)));
    const first = after.slice(0, window);
    const last = after.slice(-window);
    // each window's floor: the heap drops to what is live after every collection, while its median depends on how
    // far the young generation had filled when the samples happened to be taken
    const growthOf = (key: 'rss' | 'heap') => {
      const a = Math.min(...first.map((s) => s[key]));
      const b = Math.min(...last.map((s) => s[key]));
      return {
        first: round(a / MiB),
        last: round(b / MiB),
        growth: round(b / a - 1, 4),
        max: round(Math.max(...after.map((s) => s[key])) / MiB),
      };
    };
    const rssMiB = growthOf('rss');
    const heapMiB = growthOf('heap');
    const p99s = samples.slice(1).map((s, i) => round(loopP99Between(samples[i], s), 1));
    const p99MaxMs = Math.max(0, ...p99s);
    const maxDelayMs = round(Math.max(0, ...samples.map((s) => s.loopWindowMax)) * 1000);
    const fiveXx = Object.entries(soak.statusCodes)
      .filter(([code]) => Number(code) >= 500)
      .reduce((s, [, n]) => s + n, 0);
    const requests = Object.values(soak.statusCodes).reduce((s, n) => s + n, 0);
    const sorted = Float64Array.from(soak.latencies).sort();
    const at = (p: number) => round(sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0);

    const failures: string[] = [];
    if (fiveXx > 0) failures.push(`${fiveXx} 5xx`);
    if (soak.result.errors > 0) failures.push(`${soak.result.errors} connection errors or timeouts`);
    if (after.length < 2) failures.push('too few samples after the warm-up');
    if (rssMiB.growth > o.maxGrowth) failures.push(`RSS grew ${round(rssMiB.growth * 100)}%`);
    if (heapMiB.growth > o.maxGrowth) failures.push(`heap grew ${round(heapMiB.growth * 100)}%`);
    if (p99MaxMs > o.maxLoopP99Ms) failures.push(`event-loop p99 reached ${p99MaxMs} ms`);
    if (!service.running) failures.push('the service exited');
    const achieved = requests / (o.warmupSeconds + o.seconds);
    const pct = (g: number) => `${g >= 0 ? '+' : ''}${round(g * 100)}%`;
    const verdict =
      `soak ${failures.length ? 'FAIL' : 'PASS'}: ${o.seconds} s after ${o.warmupSeconds} s warm-up at ` +
      `${rate} req/s (${Math.round(o.share * 100)}% of ${round(max)}), ${requests} requests, ${fiveXx} 5xx, ` +
      `${requests - (soak.result['2xx'] ?? 0) - fiveXx} 4xx; RSS ${rssMiB.first}→${rssMiB.last} MiB ` +
      `(${pct(rssMiB.growth)}), heap ${heapMiB.first}→${heapMiB.last} MiB (${pct(heapMiB.growth)}); ` +
      `event-loop p99 max ${p99MaxMs} ms (limit ${o.maxLoopP99Ms}), max delay ${maxDelayMs} ms; ` +
      `latency p50 ${at(0.5)} ms p99 ${at(0.99)} ms` +
      (failures.length ? ` — ${failures.join(', ')}` : '');
    return {
      pass: failures.length === 0,
      verdict,
      failures,
      startedAt,
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model ?? 'unknown',
        loadBefore,
        loadAfter: loadavg().map((l) => round(l, 2)),
      },
      maxRequestsPerSecond: round(max),
      targetRequestsPerSecond: rate,
      achievedRequestsPerSecond: round(achieved),
      seconds: o.seconds,
      warmupSeconds: o.warmupSeconds,
      requests,
      statusCodes: soak.statusCodes,
      fiveXx,
      socketErrors: soak.result.errors,
      latencyMs: { p50: at(0.5), p99: at(0.99), max: round(sorted[sorted.length - 1] ?? 0) },
      rssMiB,
      heapMiB,
      loop: { p99MaxMs, p99PerIntervalMs: p99s, maxDelayMs },
    };
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- service output ---\n${service.tail()}`);
  } finally {
    await service.stop();
  }
}
