import { Registry } from 'prom-client';
import { EventLoopDelayMetrics } from './event-loop-delay';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const block = (ms: number): void => {
  const until = Date.now() + ms;
  while (Date.now() < until); // the loop cannot turn meanwhile
};

async function buckets(registry: Registry): Promise<Map<string, number>> {
  const metric = await registry.getSingleMetric('helpdesk_event_loop_delay_seconds')!.get();
  return new Map(
    metric.values
      .filter((v) => (v as { metricName?: string }).metricName === 'helpdesk_event_loop_delay_seconds_bucket')
      .map((v) => [String(v.labels.le), v.value]),
  );
}
async function windowGauge(registry: Registry): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric('helpdesk_event_loop_delay_window_seconds')!.get();
  return Object.fromEntries(metric.values.map((v) => [String(v.labels.quantile), v.value]));
}

describe('EventLoopDelayMetrics', () => {
  let registry: Registry;
  let metrics: EventLoopDelayMetrics;
  beforeEach(() => {
    registry = new Registry();
    metrics = new EventLoopDelayMetrics(registry);
  });
  afterEach(() => metrics.stop());

  it('reads an idle loop as (nearly) no delay, with a sample every 10 ms', async () => {
    await sleep(400);
    metrics.fold();
    const b = await buckets(registry);
    const total = b.get('+Inf')!;
    expect(total).toBeGreaterThanOrEqual(15);
    expect(b.get('0.025')! / total).toBeGreaterThan(0.5); // most samples were not late by 25 ms
  });

  it('records a blocked loop as a delay of about the time it was blocked, in the histogram and the window', async () => {
    await sleep(50);
    block(150);
    await sleep(30);
    metrics.closeWindow();
    const b = await buckets(registry);
    expect(b.get('+Inf')! - b.get('0.1')!).toBeGreaterThanOrEqual(1); // the 150 ms stall
    expect(b.get('+Inf')! - b.get('0.25')!).toBe(0); // and nothing longer
    const window = await windowGauge(registry);
    expect(window['1']).toBeGreaterThan(0.12);
    expect(window['1']).toBeLessThan(0.25);
    expect(window['0.5']).toBeLessThan(window['1']);

    // the next window starts empty: an idle one reads no stall
    await sleep(100);
    metrics.closeWindow();
    expect((await windowGauge(registry))['1']).toBeLessThan(0.1);
  });
});
