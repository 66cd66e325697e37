import type { Measurement } from './load';
import {
  aggregate,
  formatRatio,
  median,
  ratioOf,
  roundOrder,
  runRounds,
  Side,
  summarizeRounds,
} from './rounds';

/** A measurement with the given req/s and latencies; counts as of `responses` 2xx answers. */
function measurement(
  requestsPerSecond: number,
  latency: [p50: number, p95: number, p99: number, max: number] | null = [1, 2, 3, 4],
  extra: Partial<Measurement> = {},
): Measurement {
  return {
    requestsPerSecond,
    latencyMs: latency && {
      p50: latency[0],
      p95: latency[1],
      p99: latency[2],
      mean: latency[0],
      max: latency[3],
    },
    responses: 100,
    errors: 0,
    non2xx: 0,
    socketErrors: 0,
    timeouts: 0,
    statusCodes: { 200: 100 },
    seconds: 2,
    ...extra,
  };
}

describe('median', () => {
  it('is the middle value of an odd count, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([0.8, 0.74, 0.87, 0.76, 0.83])).toBe(0.8);
  });

  it('is the mean of the two middle values of an even count', () => {
    expect(median([4, 1])).toBe(2.5);
    expect(median([10, 1, 3, 7])).toBe(5);
  });

  it('is the value itself for one, and null for none', () => {
    expect(median([0.84])).toBe(0.84);
    expect(median([])).toBeNull();
  });

  it('does not reorder its argument', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('roundOrder', () => {
  it('alternates which side goes first: ABBA', () => {
    expect(roundOrder(1)).toEqual([['service', 'floor']]);
    expect(roundOrder(4).flat()).toEqual([
      'service',
      'floor',
      'floor',
      'service',
      'service',
      'floor',
      'floor',
      'service',
    ]);
  });

  it('starts with the floor when asked, and alternates from there', () => {
    expect(roundOrder(3, 'floor')).toEqual([
      ['floor', 'service'],
      ['service', 'floor'],
      ['floor', 'service'],
    ]);
  });

  it('over an even count of rounds, puts each side first equally often and at the same mean position', () => {
    const positions = (side: Side) =>
      roundOrder(6)
        .flat()
        .flatMap((s, i) => (s === side ? [i] : []));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(positions('service'))).toBe(mean(positions('floor')));
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => roundOrder(0)).toThrow(/positive integer/);
    expect(() => roundOrder(1.5)).toThrow(/positive integer/);
  });
});

describe('runRounds', () => {
  it('measures one side at a time in ABBA order and records each round with its ratio', async () => {
    const calls: string[] = [];
    let inFlight = 0;
    let t = 0;
    const rounds = await runRounds(3, async (side, index) => {
      inFlight++;
      expect(inFlight).toBe(1);
      calls.push(`${index}:${side}`);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      t++;
      // the machine slows down linearly: every measurement 10 req/s below the one before
      return measurement((side === 'service' ? 800 : 1000) - 10 * t);
    });
    expect(calls).toEqual(['0:service', '0:floor', '1:floor', '1:service', '2:service', '2:floor']);
    expect(rounds.map((r) => r.first)).toEqual(['service', 'floor', 'service']);
    expect(rounds.map((r) => [r.service.requestsPerSecond, r.floor.requestsPerSecond])).toEqual([
      [790, 980],
      [760, 970],
      [750, 940],
    ]);
    expect(rounds.map((r) => r.ratio)).toEqual([0.81, 0.78, 0.8]);
  });

  it('cancels a steady drift in the median of an even count of rounds, where service-first every time does not', async () => {
    // true ratio 0.8; the machine loses 1% of its speed per measurement
    const drifting = () => {
      let t = 0;
      return async (side: Side) => measurement((side === 'service' ? 800 : 1000) * (1 - 0.01 * t++));
    };
    const abba = summarizeRounds(await runRounds(4, drifting()));
    expect(abba.ratio).toBeCloseTo(0.8, 2);
    const measureSF = drifting();
    const sf = [];
    for (let i = 0; i < 4; i++) {
      const service = await measureSF('service');
      const floor = await measureSF('floor');
      sf.push({ first: 'service' as const, service, floor, ratio: ratioOf(service, floor) });
    }
    expect(summarizeRounds(sf).ratio).toBeGreaterThan(0.805);
  });

  it('stops at the first measurement that fails', async () => {
    let calls = 0;
    await expect(
      runRounds(3, async (side) => {
        calls++;
        if (side === 'floor') throw new Error('floor died');
        return measurement(1);
      }),
    ).rejects.toThrow('floor died');
    expect(calls).toBe(2);
  });
});

describe('ratioOf', () => {
  it('divides the service by the floor, to two decimals, and is null when the floor answered nothing', () => {
    expect(ratioOf(measurement(2), measurement(3))).toBe(0.67);
    expect(ratioOf(measurement(2), measurement(0))).toBeNull();
  });
});

describe('aggregate', () => {
  it('takes the median req/s and latency figures, the largest maximum, and sums the counts', () => {
    const a = aggregate([
      measurement(500, [10, 20, 30, 90], { responses: 1000, statusCodes: { 200: 999, 500: 1 } }),
      measurement(700, [6, 12, 18, 40], {
        responses: 1400,
        errors: 3,
        non2xx: 1,
        socketErrors: 2,
        statusCodes: { 200: 1399, 503: 1 },
      }),
      measurement(600, [8, 16, 50, 60], {
        responses: 1200,
        timeouts: 1,
        errors: 1,
        statusCodes: { 200: 1200 },
      }),
    ]);
    expect(a.requestsPerSecond).toBe(600);
    expect(a.latencyMs).toEqual({ p50: 8, p95: 16, p99: 30, mean: 8, max: 90 });
    expect(a).toMatchObject({
      responses: 3600,
      errors: 4,
      non2xx: 1,
      socketErrors: 2,
      timeouts: 1,
      seconds: 6,
    });
    expect(a.statusCodes).toEqual({ 200: 3598, 500: 1, 503: 1 });
  });

  it('leaves one measurement as it was', () => {
    const one = measurement(1234.5, [1.5, 2.5, 3.5, 9.75], {
      errors: 2,
      non2xx: 2,
      statusCodes: { 200: 98, 404: 2 },
    });
    expect(aggregate([one])).toEqual(one);
  });

  it('takes latencies from the rounds that had 2xx answers only, and has none when no round had any', () => {
    expect(aggregate([measurement(0, null), measurement(10, [1, 2, 3, 4])]).latencyMs).toEqual({
      p50: 1,
      p95: 2,
      p99: 3,
      mean: 1,
      max: 4,
    });
    expect(aggregate([measurement(0, null)]).latencyMs).toBeNull();
  });

  it('refuses no measurement at all', () => {
    expect(() => aggregate([])).toThrow();
  });
});

describe('summarizeRounds', () => {
  const roundOf = (service: number, floor: number, first: Side = 'service') => ({
    first,
    service: measurement(service),
    floor: measurement(floor),
    ratio: ratioOf(measurement(service), measurement(floor)),
  });

  it("reports the median of the rounds' ratios, not the ratio of the median rates, and their range", () => {
    // medians of the rates: 600 / 1000 = 0.6; the rounds' ratios: 0.5, 0.8, 0.7
    const s = summarizeRounds([roundOf(500, 1000), roundOf(800, 1000, 'floor'), roundOf(600, 857)]);
    expect(s.service.requestsPerSecond).toBe(600);
    expect(s.floor.requestsPerSecond).toBe(1000);
    expect(s.ratio).toBe(0.7);
    expect(s.ratioRange).toEqual({ min: 0.5, max: 0.8 });
  });

  it('leaves out rounds without a ratio, and has none when no round had one', () => {
    expect(summarizeRounds([roundOf(500, 0), roundOf(400, 500)]).ratio).toBe(0.8);
    const none = summarizeRounds([roundOf(500, 0)]);
    expect(none.ratio).toBeNull();
    expect(none.ratioRange).toBeNull();
  });

  it('takes the mean of the two middle ratios of an even count', () => {
    expect(summarizeRounds([roundOf(80, 100), roundOf(84, 100, 'floor')]).ratio).toBe(0.82);
  });
});

describe('formatRatio', () => {
  it('shows the range beside the median only when there were several rounds', () => {
    expect(formatRatio(0.84, { min: 0.8, max: 0.87 }, 3)).toBe('0.84 (0.80–0.87)');
    expect(formatRatio(0.84, { min: 0.84, max: 0.84 }, 1)).toBe('0.84');
    expect(formatRatio(0.8, null, 1)).toBe('0.80');
    expect(formatRatio(null, null, 3)).toBe('');
  });
});
