/**
 * Rounds: each scenario measures its two sides (service and floor, or `get + logins` and `get alone`) several times,
 * taking turns, and reports the median of the per-round ratios. The machine's load drifts while a scenario runs; a
 * ratio of two measurements taken one after the other carries that drift, and taking the median of several such
 * ratios, in ABBA order, keeps most of it out. Pure: no I/O, so it is unit-tested (rounds.spec.ts).
 */
import type { Measurement } from './load';

export type Side = 'service' | 'floor';

/** The median of `values` (the mean of the two middle ones when their count is even); null when there are none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The order of the sides in each of `rounds` rounds, ABBA: service then floor, floor then service, and so on
 * (S F | F S | S F | F S …), or the other way round when `first` is the floor.
 *
 * Under a drift that is steady (linear in time) over the scenario, the side measured second in a round gains or
 * loses about the same in every round. Strict alternation (S F S F …) puts the service first every time, so every
 * round's ratio is biased the same way and so is their median. In ABBA order the error changes sign from one round
 * to the next: with an even count the median of the ratios (the mean of the middle two, one of each order under
 * such a drift) cancels it; with an odd count it is no worse than strict alternation. Against the bursts that
 * dominate on a shared machine (a build starting during one measurement), the median outvotes the round they hit.
 */
export function roundOrder(rounds: number, first: Side = 'service'): Array<[Side, Side]> {
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`rounds must be a positive integer, not ${rounds}`);
  const second: Side = first === 'service' ? 'floor' : 'service';
  return Array.from({ length: rounds }, (_, i): [Side, Side] =>
    i % 2 === 0 ? [first, second] : [second, first],
  );
}

/** What one round measured: each side once, and their ratio (service req/s ÷ floor req/s). */
export interface Round<M extends Measurement = Measurement> {
  /** the side measured first */
  first: Side;
  service: M;
  floor: M;
  ratio: number | null;
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/** service req/s ÷ floor req/s, to two decimals; null when the floor answered nothing. */
export function ratioOf(service: Measurement, floor: Measurement): number | null {
  return floor.requestsPerSecond > 0 ? round(service.requestsPerSecond / floor.requestsPerSecond, 2) : null;
}

/**
 * Measures `rounds` rounds in ABBA order starting with `first` (see roundOrder), calling `measure(side, roundIndex)`
 * one measurement at a time, never two at once.
 */
export async function runRounds<M extends Measurement>(
  rounds: number,
  measure: (side: Side, roundIndex: number) => Promise<M>,
  first: Side = 'service',
): Promise<Array<Round<M>>> {
  const done: Array<Round<M>> = [];
  for (const [index, order] of roundOrder(rounds, first).entries()) {
    const measured: Partial<Record<Side, M>> = {};
    for (const side of order) measured[side] = await measure(side, index);
    const service = measured.service!;
    const floor = measured.floor!;
    done.push({ first: order[0], service, floor, ratio: ratioOf(service, floor) });
  }
  return done;
}

/**
 * One side over several rounds: the median req/s and the median of each latency figure (p50, p95, p99, mean), the
 * largest maximum, and the counts (responses, errors, status codes, seconds) summed. One measurement is returned
 * unchanged in its figures.
 */
export function aggregate(measurements: readonly Measurement[]): Measurement {
  if (measurements.length === 0) throw new Error('no measurement to aggregate');
  const sum = (pick: (m: Measurement) => number) => measurements.reduce((total, m) => total + pick(m), 0);
  const statusCodes: Record<string, number> = {};
  for (const m of measurements)
    for (const [code, count] of Object.entries(m.statusCodes))
      statusCodes[code] = (statusCodes[code] ?? 0) + count;
  const latencies = measurements.flatMap((m) => (m.latencyMs ? [m.latencyMs] : []));
  const mid = (pick: (l: NonNullable<Measurement['latencyMs']>) => number) =>
    round(median(latencies.map(pick))!, 2);
  return {
    requestsPerSecond: round(median(measurements.map((m) => m.requestsPerSecond))!, 1),
    latencyMs:
      latencies.length === 0
        ? null
        : {
            p50: mid((l) => l.p50),
            p95: mid((l) => l.p95),
            p99: mid((l) => l.p99),
            mean: mid((l) => l.mean),
            max: Math.max(...latencies.map((l) => l.max)),
          },
    responses: sum((m) => m.responses),
    errors: sum((m) => m.errors),
    non2xx: sum((m) => m.non2xx),
    socketErrors: sum((m) => m.socketErrors),
    timeouts: sum((m) => m.timeouts),
    statusCodes,
    seconds: round(
      sum((m) => m.seconds),
      2,
    ),
  };
}

/** A scenario's figures over its rounds: each side aggregated, the median of the rounds' ratios and their range. */
export interface RoundsSummary {
  service: Measurement;
  floor: Measurement;
  /** median of the per-round ratios; null when no round had one */
  ratio: number | null;
  ratioRange: { min: number; max: number } | null;
}

export function summarizeRounds(rounds: ReadonlyArray<Round>): RoundsSummary {
  const ratios = rounds.flatMap((r) => (r.ratio === null ? [] : [r.ratio]));
  const mid = median(ratios);
  return {
    service: aggregate(rounds.map((r) => r.service)),
    floor: aggregate(rounds.map((r) => r.floor)),
    ratio: mid === null ? null : round(mid, 2),
    ratioRange: ratios.length === 0 ? null : { min: Math.min(...ratios), max: Math.max(...ratios) },
  };
}

/** The ratio as the tables show it: `0.84`, with the rounds' range when there were several (`0.84 (0.80–0.87)`). */
export function formatRatio(
  ratio: number | null,
  range: { min: number; max: number } | null | undefined,
  rounds: number,
): string {
  if (ratio === null) return '';
  if (!range || rounds < 2) return ratio.toFixed(2);
  return `${ratio.toFixed(2)} (${range.min.toFixed(2)}–${range.max.toFixed(2)})`;
}
