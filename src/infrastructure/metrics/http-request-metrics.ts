import type { Counter, Registry } from 'prom-client';

// a type, not an interface: assignable to the samples' label records
type Labels = { method: string; route: string; status: string };

interface Series {
  labels: Labels;
  count: number;
  sum: number;
  /** observations per bucket (the first bound each fits under), not cumulative */
  perBucket: number[];
}

/** A sample as the registry renders it: `metricName{labels,sharedLabels} value`. */
interface Sample {
  labels: Readonly<Record<string, string | number>>;
  sharedLabels?: Labels;
  value: number;
  metricName?: string;
  /** prom-client's buckets carry an empty exemplar */
  exemplar?: null;
}

/**
 * `http_requests_total` and `http_request_duration_seconds`, exported exactly as prom-client's Counter and Histogram
 * with these labels and buckets export them (http-request-metrics.spec.ts compares the two), but observed by finding
 * the series by method, route and status in maps instead of prom-client's validating and hashing of the labels on
 * every call, which cost about 1.3 µs a request: as much as a fifth of a liveness probe's CPU.
 */
export class HttpRequestMetrics {
  /** in the order they were first observed, as prom-client lists them */
  private series: Series[] = [];
  private byMethod = new Map<string, Map<string, Map<number, Series>>>();
  /** how many times the metrics were reset: a bound observer looks its series up again after one */
  private resets = 0;

  constructor(
    registry: Registry,
    private readonly buckets: readonly number[],
  ) {
    // the registry reads a metric's name and its samples (getForPromString for the text, get for JSON) and resets it
    const register = (name: string, help: string, type: string, samples: () => Sample[]) => {
      const metric = { name, help, type, aggregator: 'sum' };
      const at = (values: Sample[]) => Promise.resolve({ ...metric, values });
      registry.registerMetric({
        name,
        getForPromString: () => at(samples()),
        // as prom-client's get(): each sample's shared labels merged into its own
        get: () =>
          at(samples().map(({ sharedLabels, ...s }) => ({ ...s, labels: { ...s.labels, ...sharedLabels } }))),
        reset: () => this.reset(),
      } as unknown as Counter);
    };
    register('http_requests_total', 'HTTP requests served', 'counter', () => this.counts());
    register('http_request_duration_seconds', 'HTTP request duration in seconds', 'histogram', () =>
      this.histogram(),
    );
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    this.record(this.seriesOf(method, route, status), seconds);
  }

  /**
   * `observe` with these labels, the series looked up on the first call (and again after a reset) instead of on every
   * call: for a hot path whose labels are fixed (the liveness probe). Binding alone exports nothing: the series
   * appears with its first observation, as with observe.
   */
  bind(method: string, route: string, status: number): (seconds: number) => void {
    let series: Series | undefined;
    let resets = -1;
    return (seconds) => {
      if (resets !== this.resets) {
        series = this.seriesOf(method, route, status);
        resets = this.resets;
      }
      this.record(series!, seconds);
    };
  }

  private seriesOf(method: string, route: string, status: number): Series {
    let byRoute = this.byMethod.get(method);
    if (!byRoute) this.byMethod.set(method, (byRoute = new Map<string, Map<number, Series>>()));
    let byStatus = byRoute.get(route);
    if (!byStatus) byRoute.set(route, (byStatus = new Map<number, Series>()));
    let series = byStatus.get(status);
    if (!series) {
      series = {
        labels: { method, route, status: String(status) },
        count: 0,
        sum: 0,
        perBucket: this.buckets.map(() => 0),
      };
      byStatus.set(status, series);
      this.series.push(series);
    }
    return series;
  }

  private record(series: Series, seconds: number): void {
    series.count += 1;
    series.sum += seconds;
    const buckets = this.buckets;
    for (let i = 0; i < buckets.length; i++) {
      if (seconds <= buckets[i]) {
        series.perBucket[i] += 1;
        break;
      }
    }
  }

  private reset(): void {
    this.series = [];
    this.byMethod = new Map();
    this.resets += 1;
  }

  private counts(): Sample[] {
    return this.series.map((s) => ({ value: s.count, labels: s.labels }));
  }

  private histogram(): Sample[] {
    const name = 'http_request_duration_seconds';
    return this.series.flatMap((s) => {
      let below = 0;
      const bucket = (le: number | string, value: number): Sample => ({
        labels: { le },
        sharedLabels: s.labels,
        value,
        metricName: `${name}_bucket`,
        exemplar: null,
      });
      return [
        ...this.buckets.map((bound, i) => bucket(bound, (below += s.perBucket[i]))),
        bucket('+Inf', s.count),
        { labels: {}, sharedLabels: s.labels, value: s.sum, metricName: `${name}_sum` },
        { labels: {}, sharedLabels: s.labels, value: s.count, metricName: `${name}_count` },
      ];
    });
  }
}
