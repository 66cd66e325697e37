import { Counter, Histogram, Registry } from 'prom-client';
import { HttpRequestMetrics } from './http-request-metrics';
import { HTTP_DURATION_BUCKETS } from './metrics.service';

/** The same requests counted by prom-client's own Counter and Histogram, as the service counted them before. */
function promClient(registry: Registry) {
  const labelNames = ['method', 'route', 'status'] as const;
  const total = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests served',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds',
    labelNames,
    buckets: [...HTTP_DURATION_BUCKETS],
    registers: [registry],
  });
  return (method: string, route: string, status: number, seconds: number) => {
    const labels = { method, route, status: String(status) };
    total.inc(labels);
    duration.observe(labels, seconds);
  };
}

const REQUESTS: Array<[string, string, number, number]> = [
  ['GET', '/health/live', 200, 0.0003],
  ['GET', '/api/v1/tickets/:id', 200, 0.012],
  ['HEAD', '/health/live', 200, 0.005], // on a bound: counted in it
  ['GET', '/health/live', 200, 0.0004],
  ['POST', '/api/v1/tickets', 201, 0.07],
  ['GET', '/api/v1/tickets/:id', 404, 6.5], // above every bound
  ['GET', 'unmatched', 404, 0.001],
  ['POST', '/api/v1/tickets', 201, 1],
  ['GET', '/api/v1/tickets/:id', 200, 0.3],
  ['GET', '/api/v1/a "quoted"\\route', 500, 0.02], // label values escaped alike
];

/** Our metrics and prom-client's reference, each on a registry of its own, fed and compared side by side. */
function sideBySide() {
  const expected = new Registry();
  const actual = new Registry();
  const reference = promClient(expected);
  const metrics = new HttpRequestMetrics(actual, HTTP_DURATION_BUCKETS);
  return {
    expected,
    actual,
    reference,
    metrics,
    observeBoth(request: (typeof REQUESTS)[number]): void {
      reference(...request);
      metrics.observe(...request);
    },
    resetBoth(): void {
      expected.resetMetrics();
      actual.resetMetrics();
    },
  };
}

describe('HttpRequestMetrics', () => {
  it('exports what prom-client exports for the same requests, as text and as JSON', async () => {
    const { expected, actual, observeBoth } = sideBySide();
    for (const request of REQUESTS) observeBoth(request);
    const text = await actual.metrics();
    expect(text).toBe(await expected.metrics());
    expect(text).toContain('http_requests_total{method="GET",route="/health/live",status="200"} 2');
    expect(text).toContain(
      'http_request_duration_seconds_bucket{le="0.005",method="HEAD",route="/health/live",status="200"} 1',
    );
    expect(await actual.getMetricsAsJSON()).toEqual(await expected.getMetricsAsJSON());
  });

  it('starts over on a reset of the registry, as prom-client does', async () => {
    const { expected, actual, observeBoth, resetBoth } = sideBySide();
    observeBoth(REQUESTS[0]);
    resetBoth();
    expect(await actual.metrics()).toBe(await expected.metrics());
    for (const request of REQUESTS.slice(3)) observeBoth(request);
    expect(await actual.metrics()).toBe(await expected.metrics());
  });

  it('counts through a bound observer exactly as through observe, exporting nothing before its first call', async () => {
    const { expected, actual, reference, metrics } = sideBySide();
    const liveGet = metrics.bind('GET', '/health/live', 200);
    const liveHead = metrics.bind('HEAD', '/health/live', 200);
    expect(await actual.metrics()).toBe(await expected.metrics());
    expect(await actual.metrics()).not.toContain('/health/live');
    for (const request of REQUESTS) {
      reference(...request);
      const [method, route, status, seconds] = request;
      if (route === '/health/live' && status === 200) (method === 'GET' ? liveGet : liveHead)(seconds);
      else metrics.observe(...request);
    }
    expect(await actual.metrics()).toBe(await expected.metrics());
    expect(await actual.getMetricsAsJSON()).toEqual(await expected.getMetricsAsJSON());
  });

  it('keeps a bound observer counting after a reset of the registry, from zero', async () => {
    const { expected, actual, reference, metrics, observeBoth, resetBoth } = sideBySide();
    const liveGet = metrics.bind('GET', '/health/live', 200);
    liveGet(0.0003);
    reference('GET', '/health/live', 200, 0.0003);
    resetBoth();
    expect(await actual.metrics()).toBe(await expected.metrics());
    observeBoth(['GET', '/api/v1/tickets/:id', 200, 0.012]);
    for (const seconds of [0.0004, 0.2]) {
      reference('GET', '/health/live', 200, seconds);
      liveGet(seconds);
    }
    const text = await actual.metrics();
    expect(text).toBe(await expected.metrics());
    expect(text).toContain('http_requests_total{method="GET",route="/health/live",status="200"} 2');
  });
});
