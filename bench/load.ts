import autocannon from 'autocannon';

export interface PlannedRequest {
  path: string;
  body?: string;
  /** headers of this request only, on top of the plan's */
  headers?: Record<string, string>;
}

/** What one scenario sends to one target: fixed method and headers, path and body chosen per request. */
export interface RequestPlan {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  next(): PlannedRequest;
}

export interface Measurement {
  /** mean responses per second (autocannon's requests.average) */
  requestsPerSecond: number;
  /** latency of the 2xx responses, ms */
  latencyMs: { p50: number; p95: number; p99: number; mean: number; max: number } | null;
  responses: number;
  /** non-2xx responses + connection errors + timeouts */
  errors: number;
  non2xx: number;
  socketErrors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  seconds: number;
}

/** Nearest-rank percentile of ascending `sorted`. */
function percentile(sorted: Float64Array, p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/** Percentiles, mean and max of ascending latencies; null when there are none. */
function latencyOf(sorted: Float64Array): Measurement['latencyMs'] {
  if (sorted.length === 0) return null;
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    mean: round(sorted.reduce((sum, v) => sum + v, 0) / sorted.length),
    max: round(sorted[sorted.length - 1]),
  };
}

/** Runs autocannon against `baseUrl` for `seconds` with `connections` keep-alive connections. */
export async function measure(
  baseUrl: string,
  plan: RequestPlan,
  seconds: number,
  connections: number,
): Promise<Measurement> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: plan.method,
        headers: plan.headers,
        setupRequest: (request) => {
          const next = plan.next();
          const headers = next.headers ? { ...request.headers, ...next.headers } : request.headers;
          return next.body === undefined
            ? { ...request, headers, path: next.path }
            : { ...request, headers, path: next.path, body: next.body };
        },
      },
    ],
  });
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
  });
  const result = await instance;
  const sorted = Float64Array.from(latencies).sort();
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, stat]) => [code, stat.count]),
  );
  const responses = Object.values(statusCodes).reduce((sum, n) => sum + n, 0);
  return {
    requestsPerSecond: round(result.requests.average, 1),
    latencyMs: latencyOf(sorted),
    responses,
    errors: result.non2xx + result.errors,
    non2xx: result.non2xx,
    // autocannon counts a timeout in `errors` as well
    socketErrors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    statusCodes,
    seconds: result.duration,
  };
}

export interface ProbeResult {
  status: number;
  /** the list's total (`pagination.total` from the service, `total` from the floor), when there is one */
  total?: number;
  snippet: string;
}

/** The plan's next request, sent with fetch (keep-alive). */
function fetchNext(baseUrl: string, plan: RequestPlan): Promise<Response> {
  const next = plan.next();
  return fetch(`${baseUrl}${next.path}`, {
    method: plan.method,
    headers: { ...plan.headers, ...next.headers },
    body: next.body,
    signal: AbortSignal.timeout(30_000),
  });
}

/** One request of the plan with fetch: proves the scenario works before it is measured. */
export async function probe(baseUrl: string, plan: RequestPlan): Promise<ProbeResult> {
  const response = await fetchNext(baseUrl, plan);
  const text = await response.text();
  let total: number | undefined;
  try {
    const json = JSON.parse(text) as { total?: unknown; pagination?: { total?: unknown } };
    const value = json.pagination?.total ?? json.total;
    if (typeof value === 'number') total = value;
  } catch {
    // not JSON: reported through the snippet
  }
  return { status: response.status, total, snippet: text.slice(0, 300) };
}

/** One request or query of a sequential measurement: resolves to its status (HTTP status, or 200 for SQL). */
export type Attempt = () => Promise<number>;

/**
 * `count` rounds of the `attempts`, one at a time and never overlapping (one client), after `warmup` unrecorded
 * rounds: the latency a lone caller sees, which on a busy machine says more than a throughput figure. The attempts
 * take turns within each round, so every target meets the same changes of the machine's load. A rejected attempt
 * counts as a socket error. Returns one measurement per attempt, in order.
 */
export async function sequential(attempts: Attempt[], count: number, warmup: number): Promise<Measurement[]> {
  for (let i = 0; i < warmup; i++) for (const attempt of attempts) await attempt().catch(() => undefined);
  interface TargetState {
    latencies: number[];
    statusCodes: Record<string, number>;
    socketErrors: number;
    busyMs: number;
  }
  const state = attempts.map((): TargetState => ({
    latencies: [],
    statusCodes: {},
    socketErrors: 0,
    busyMs: 0,
  }));
  for (let i = 0; i < count; i++) {
    for (const [k, attempt] of attempts.entries()) {
      const s = state[k];
      const t0 = performance.now();
      try {
        const status = await attempt();
        const ms = performance.now() - t0;
        s.statusCodes[status] = (s.statusCodes[status] ?? 0) + 1;
        if (status >= 200 && status < 300) s.latencies.push(ms);
      } catch {
        s.socketErrors++;
      }
      s.busyMs += performance.now() - t0;
    }
  }
  return state.map((s) => {
    const sorted = Float64Array.from(s.latencies).sort();
    const responses = Object.values(s.statusCodes).reduce((sum, n) => sum + n, 0);
    const non2xx = responses - s.latencies.length;
    return {
      // one client: the rate it reaches back to back, its own time only
      requestsPerSecond: round(count / (s.busyMs / 1000), 1),
      latencyMs: latencyOf(sorted),
      responses,
      errors: non2xx + s.socketErrors,
      non2xx,
      socketErrors: s.socketErrors,
      timeouts: 0,
      statusCodes: s.statusCodes,
      seconds: round(s.busyMs / 1000),
    };
  });
}

/** An HTTP attempt of `plan` against `baseUrl` with fetch (keep-alive), reading the whole body. */
export function httpAttempt(baseUrl: string, plan: RequestPlan): Attempt {
  return async () => {
    const response = await fetchNext(baseUrl, plan);
    await response.arrayBuffer();
    return response.status;
  };
}

/**
 * Sends `plan`'s requests to `baseUrl` at `perSecond`, paced (a request starts every 1/perSecond s whether or not
 * the ones before have answered), while `work` runs; then waits for those in flight. Returns what `work` returned
 * and the paced requests' measurement.
 */
export async function whilePaced<T>(
  baseUrl: string,
  plan: RequestPlan,
  perSecond: number,
  work: () => Promise<T>,
): Promise<{ result: T; paced: Measurement }> {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let socketErrors = 0;
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  const timer = setInterval(() => {
    const t0 = performance.now();
    const sent = httpAttempt(baseUrl, plan)()
      .then((status) => {
        statusCodes[status] = (statusCodes[status] ?? 0) + 1;
        if (status >= 200 && status < 300) latencies.push(performance.now() - t0);
      })
      .catch(() => {
        socketErrors++;
      })
      .finally(() => inFlight.delete(sent));
    inFlight.add(sent);
  }, 1000 / perSecond);
  let result: T;
  try {
    result = await work();
  } finally {
    clearInterval(timer);
  }
  const seconds = (performance.now() - started) / 1000;
  await Promise.all([...inFlight]);
  const responses = Object.values(statusCodes).reduce((sum, n) => sum + n, 0);
  const non2xx = responses - latencies.length;
  return {
    result,
    paced: {
      requestsPerSecond: round(latencies.length / seconds, 1),
      latencyMs: latencyOf(Float64Array.from(latencies).sort()),
      responses,
      errors: non2xx + socketErrors,
      non2xx,
      socketErrors,
      timeouts: 0,
      statusCodes,
      seconds: round(seconds),
    },
  };
}
