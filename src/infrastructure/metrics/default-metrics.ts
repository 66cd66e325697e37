import { Logger } from '@nestjs/common';
import perfHooks, { IntervalHistogram, PerformanceObserver } from 'node:perf_hooks';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** The two members of `perf_hooks` that prom-client's default metrics call, writable for the span of one call. */
type Hooks = {
  PerformanceObserver: typeof PerformanceObserver;
  monitorEventLoopDelay: typeof perfHooks.monitorEventLoopDelay;
};

/**
 * prom-client's default metrics (`process_*`, `nodejs_*`) into `register`; the returned function ends what they left
 * running. `collectDefaultMetrics` starts a GC `PerformanceObserver` (`nodejs_gc_duration_seconds`) and an enabled
 * `monitorEventLoopDelay` (`nodejs_eventloop_lag_*`) and gives no way to end them (prometheus/client_js #494, #500):
 * Node keeps both for the life of the process, and with them the registry, its metrics and every module the observer's
 * closure reaches. So each call of it would hold one app's worth of memory forever (each app a test starts, in the
 * Jest run). prom-client reads both members off `perf_hooks` when called, so they are wrapped for the span of that
 * one synchronous call to note what it starts. Where they cannot be wrapped (a Node whose module exports are
 * read-only), the default metrics are collected as they are, with a warning: what they start then runs for the life of
 * the process.
 */
export function collectStoppableDefaultMetrics(register: Registry): () => void {
  const hooks = perfHooks as Hooks;
  const { PerformanceObserver: Observer, monitorEventLoopDelay } = hooks;
  const observers: PerformanceObserver[] = [];
  const monitors: IntervalHistogram[] = [];
  try {
    hooks.PerformanceObserver = class NotedObserver extends Observer {
      constructor(callback: ConstructorParameters<typeof PerformanceObserver>[0]) {
        super(callback);
        observers.push(this);
      }
    };
    hooks.monitorEventLoopDelay = (options) => {
      const monitor = monitorEventLoopDelay(options);
      monitors.push(monitor);
      return monitor;
    };
  } catch (error) {
    restore(hooks, Observer, monitorEventLoopDelay);
    new Logger('Metrics').warn(
      { err: error instanceof Error ? error.message : String(error) },
      "perf_hooks cannot be wrapped: prom-client's default metrics run until the process ends",
    );
    collectDefaultMetrics({ register });
    return () => undefined;
  }
  try {
    collectDefaultMetrics({ register });
  } finally {
    restore(hooks, Observer, monitorEventLoopDelay);
  }
  return () => {
    for (const observer of observers.splice(0)) observer.disconnect();
    for (const monitor of monitors.splice(0)) monitor.disable();
  };
}

/** puts back the members of `perf_hooks` that differ from the originals (one that cannot be written never changed) */
function restore(
  hooks: Hooks,
  Observer: Hooks['PerformanceObserver'],
  monitorEventLoopDelay: Hooks['monitorEventLoopDelay'],
): void {
  if (hooks.PerformanceObserver !== Observer) hooks.PerformanceObserver = Observer;
  if (hooks.monitorEventLoopDelay !== monitorEventLoopDelay)
    hooks.monitorEventLoopDelay = monitorEventLoopDelay;
}
