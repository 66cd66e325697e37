import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { collectStoppableDefaultMetrics } from './default-metrics';
import { EventLoopDelayMetrics } from './event-loop-delay';
import { HttpRequestMetrics } from './http-request-metrics';

/** The package version, from the package.json beside src/ or dist/ (also in the production image). */
const BUILD_VERSION = ((): string => {
  try {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
})();

/** Seconds: `http_request_duration_seconds`'s buckets. */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5] as const;

/** One Prometheus registry per application instance, with process metrics and HTTP request metrics. */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  readonly registry = new Registry();
  private readonly stopDefaultMetrics: () => void;
  private readonly eventLoopDelay: EventLoopDelayMetrics;
  private readonly http: HttpRequestMetrics;

  constructor() {
    this.stopDefaultMetrics = collectStoppableDefaultMetrics(this.registry);
    this.eventLoopDelay = new EventLoopDelayMetrics(this.registry);
    this.gauge('helpdesk_build_info', 'The running build: version and Node.js release', [
      'version',
      'node',
    ]).set({ version: BUILD_VERSION, node: process.version }, 1);
    this.http = new HttpRequestMetrics(this.registry, HTTP_DURATION_BUCKETS);
  }

  /** Gets or creates a counter, so feature modules can declare theirs without clashing. */
  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Counter<L>;
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** Gets or creates a gauge; `collect` (called with the gauge as `this`) refreshes it at every scrape. */
  gauge<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    collect?: (this: Gauge<L>) => void | Promise<void>,
  ): Gauge<L> {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Gauge<L>;
    return new Gauge({ name, help, labelNames, registers: [this.registry], ...(collect ? { collect } : {}) });
  }

  /** Gets or creates a histogram with the given buckets (seconds). */
  histogram<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    buckets: number[],
  ): Histogram<L> {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Histogram<L>;
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  /** Ends the timers, monitors and observers behind the metrics (an app's close; a test's own instance). */
  onModuleDestroy(): void {
    this.stopDefaultMetrics();
    this.eventLoopDelay.stop();
  }

  /** One answered request: `http_requests_total` and `http_request_duration_seconds` by method, route and status. */
  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.http.observe(method, route, status, seconds);
  }

  /** observeHttp with fixed labels, the series found once (see HttpRequestMetrics.bind): for a hot path. */
  boundHttpObserver(method: string, route: string, status: number): (seconds: number) => void {
    return this.http.bind(method, route, status);
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
