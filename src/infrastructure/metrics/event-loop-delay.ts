import {
  createHistogram,
  IntervalHistogram,
  monitorEventLoopDelay,
  RecordableHistogram,
} from 'node:perf_hooks';
import { Gauge, Histogram, Registry } from 'prom-client';

/** How often the monitor samples the loop (ms); a sample is the time its timer fired late by, beyond this. */
export const SAMPLE_INTERVAL_MS = 10;
/** How often the samples are folded into the metrics, and how long the window behind the gauges is. */
const FOLD_MS = 1000;
const WINDOW_MS = 10_000;
export const EVENT_LOOP_DELAY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const QUANTILES = [
  { label: '0.5', of: (h: RecordableHistogram) => h.percentile(50) },
  { label: '0.99', of: (h: RecordableHistogram) => h.percentile(99) },
  { label: '1', of: (h: RecordableHistogram) => h.max },
] as const;

/**
 * Event-loop delay from `perf_hooks.monitorEventLoopDelay`, exported two ways, neither reset by a scrape (so several
 * scrapers do not steal each other's samples, unlike prom-client's `nodejs_eventloop_lag_*` gauges):
 * - `helpdesk_event_loop_delay_seconds`: a cumulative histogram, for `histogram_quantile()` over any range;
 * - `helpdesk_event_loop_delay_window_seconds{quantile="0.5"|"0.99"|"1"}`: p50, p99 and max of the last completed
 *   10-second window.
 * The monitor reports delays as percentiles; each second they become samples at the value of the percentile they fall
 * under (so a delay is never reported lower than it was), less the sampling interval (an idle loop reads 0).
 */
export class EventLoopDelayMetrics {
  private readonly monitor: IntervalHistogram = monitorEventLoopDelay({ resolution: SAMPLE_INTERVAL_MS });
  private readonly window: RecordableHistogram = createHistogram();
  private readonly histogram: Histogram;
  private readonly gauge: Gauge<'quantile'>;
  private readonly timers: NodeJS.Timeout[];

  constructor(registry: Registry) {
    this.histogram = new Histogram({
      name: 'helpdesk_event_loop_delay_seconds',
      help: `Event-loop delay: how late a ${SAMPLE_INTERVAL_MS} ms timer fired, sampled by monitorEventLoopDelay`,
      buckets: EVENT_LOOP_DELAY_BUCKETS,
      registers: [registry],
    });
    this.gauge = new Gauge({
      name: 'helpdesk_event_loop_delay_window_seconds',
      help: 'Event-loop delay over the last completed 10 s window: p50, p99 and max (quantile="1")',
      labelNames: ['quantile'],
      registers: [registry],
    });
    for (const q of QUANTILES) this.gauge.set({ quantile: q.label }, 0);
    this.monitor.enable();
    this.timers = [setInterval(() => this.fold(), FOLD_MS), setInterval(() => this.closeWindow(), WINDOW_MS)];
    for (const timer of this.timers) timer.unref();
  }

  /** Moves the monitor's samples into the histogram and the current window. */
  fold(): void {
    const count = this.monitor.count;
    if (count > 0) {
      let counted = 0;
      const sorted = [...this.monitor.percentiles.entries()].sort(([a], [b]) => a - b);
      for (const [percentile, nanoseconds] of sorted) {
        const upTo = Math.round((count * percentile) / 100);
        const delay = Math.max(0, nanoseconds - SAMPLE_INTERVAL_MS * 1e6);
        for (; counted < upTo; counted++) {
          this.histogram.observe(delay / 1e9);
          this.window.record(Math.max(1, Math.round(delay)));
        }
      }
    }
    this.monitor.reset();
  }

  /** Publishes the window's p50, p99 and max on the gauges and starts a new window. */
  closeWindow(): void {
    this.fold();
    const empty = this.window.count === 0;
    for (const q of QUANTILES) this.gauge.set({ quantile: q.label }, empty ? 0 : q.of(this.window) / 1e9);
    this.window.reset();
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.monitor.disable();
  }
}
