import perfHooks from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Registry } from 'prom-client';
import { collectStoppableDefaultMetrics } from './default-metrics';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const settle = () => new Promise((r) => setTimeout(r, 50));

/** How many collections `nodejs_gc_duration_seconds` has counted, all kinds together. */
async function collections(registry: Registry): Promise<number> {
  const metric = await registry.getSingleMetric('nodejs_gc_duration_seconds')!.get();
  return metric.values
    .filter((v) => (v as { metricName?: string }).metricName === 'nodejs_gc_duration_seconds_count')
    .reduce((sum, v) => sum + v.value, 0);
}

describe('collectStoppableDefaultMetrics', () => {
  it("exports prom-client's default metrics and leaves perf_hooks as it found it", async () => {
    const { PerformanceObserver, monitorEventLoopDelay } = perfHooks;
    const registry = new Registry();
    const stop = collectStoppableDefaultMetrics(registry);
    try {
      expect(perfHooks.PerformanceObserver).toBe(PerformanceObserver);
      expect(perfHooks.monitorEventLoopDelay).toBe(monitorEventLoopDelay);
      const text = await registry.metrics();
      for (const name of [
        'process_cpu_user_seconds_total',
        'nodejs_heap_size_used_bytes',
        'nodejs_eventloop_lag_p99_seconds',
        'nodejs_gc_duration_seconds',
      ]) {
        expect(text).toContain(`# TYPE ${name} `);
      }
    } finally {
      stop();
    }
  });

  it('counts collections until stopped, and none after', async () => {
    const registry = new Registry();
    const stop = collectStoppableDefaultMetrics(registry);
    gc();
    await settle();
    const counted = await collections(registry);
    expect(counted).toBeGreaterThan(0);
    stop();
    gc();
    await settle();
    expect(await collections(registry)).toBe(counted);
  });

  it('once stopped, nothing keeps the registry (nor what its metrics reach) alive', async () => {
    const held = ((): { stop: () => void; registry: WeakRef<Registry> } => {
      const registry = new Registry();
      return { stop: collectStoppableDefaultMetrics(registry), registry: new WeakRef(registry) };
    })();
    held.stop();
    await settle(); // a WeakRef holds its target until the job that made it has ended
    gc();
    expect(held.registry.deref()).toBeUndefined();
  });

  it('collects the default metrics as they are when perf_hooks cannot be written', async () => {
    const { PerformanceObserver } = perfHooks;
    Object.defineProperty(perfHooks, 'monitorEventLoopDelay', { writable: false });
    const registry = new Registry();
    let stop: (() => void) | undefined;
    try {
      stop = collectStoppableDefaultMetrics(registry);
      expect(perfHooks.PerformanceObserver).toBe(PerformanceObserver); // what it could wrap is put back
      const text = await registry.metrics();
      expect(text).toContain('# TYPE nodejs_heap_size_used_bytes ');
      expect(text).toContain('# TYPE nodejs_gc_duration_seconds ');
    } finally {
      Object.defineProperty(perfHooks, 'monitorEventLoopDelay', { writable: true });
      stop?.();
    }
  });
});
