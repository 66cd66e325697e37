import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Measurement } from './load';
import { BenchOptions } from './options';
import { formatRatio, Side } from './rounds';

export interface TargetResult extends Measurement {
  /** the list total the probe request returned (list and search scenarios) */
  matches?: number;
}

/** Server-side figures of a statement: `EXPLAIN (ANALYZE, TIMING OFF)` run `runs` times, sequentially. */
export interface ExplainResult {
  runs: number;
  executionMs: { p50: number; p95: number; max: number };
  planningMs: { p50: number; max: number };
  /** one `EXPLAIN (ANALYZE, BUFFERS)` of the statement, as text */
  plan: string;
}

/** One round of a scenario: each side measured once, in the order `first` says, and their ratio. */
export interface RoundResult {
  first: Side;
  service: TargetResult;
  floor: TargetResult;
  ratio: number | null;
  /** `logins` mode: this round's paced logins, and the service's event-loop delay in each of its measurements */
  paced?: TargetResult;
  eventLoopDelay?: { service: EventLoopDelay; floor: EventLoopDelay };
}

export interface ScenarioResult {
  key: string;
  title: string;
  request: string;
  /** autocannon with the run's connections, or one client request after request, or `logins` (see Scenario) */
  mode: 'load' | 'sequential' | 'logins';
  /**
   * Each side over the rounds (`rounds`): the median req/s and latency percentiles, the largest maximum, the counts
   * summed. With one round (and in `sequential` mode, which has no rounds) that round's own figures.
   */
  service: TargetResult;
  floor: TargetResult;
  /** names of the service and floor rows when they are not the service and the floor (`logins` mode) */
  targetNames?: { service: string; floor: string };
  /** `logins` mode: the paced requests, and the service's event-loop delay in each measurement */
  paced?: TargetResult & { title: string };
  eventLoopDelay?: { service: EventLoopDelay; floor: EventLoopDelay };
  /** the statement alone through pg, from the bench process (sequential scenarios) */
  sql?: TargetResult;
  explain?: ExplainResult;
  /** service req/s divided by floor req/s: the median of the rounds' ratios */
  ratio: number | null;
  /** the smallest and largest of the rounds' ratios */
  ratioRange?: { min: number; max: number } | null;
  /** every round's own figures, in the order measured (`load` and `logins` modes) */
  rounds?: RoundResult[];
  /** the machine's 1, 5 and 15 minute load averages before and after this scenario */
  loadAverage: { before: number[]; after: number[] };
}

/** The service's event-loop delay during a measurement, from its `helpdesk_event_loop_delay_seconds` histogram. */
export interface EventLoopDelay {
  samples: number;
  /** the histogram bucket (upper bound, ms) holding the 99th percentile and the largest sample */
  p99AtMostMs: number | null;
  maxAtMostMs: number | null;
}

type Row = {
  scenario: string;
  target: string;
  rate?: number;
  latency: { p50: number; p95: number; p99?: number; max: number } | null;
  errors: string;
  ratio: string;
  load: string;
};

/** The table's rows of one scenario: service, floor, and for sequential ones the SQL alone and its EXPLAIN. */
function rowsOf(r: ScenarioResult): Row[] {
  const rows: Row[] = (['service', 'floor'] as const).map((target) => ({
    scenario: target === 'service' ? r.title : '',
    target: r.targetNames?.[target] ?? target,
    rate: r[target].requestsPerSecond,
    latency: r[target].latencyMs,
    errors: String(r[target].errors),
    ratio: target === 'service' ? formatRatio(r.ratio, r.ratioRange, r.rounds?.length ?? 1) : '',
    load:
      target === 'service' && r.loadAverage
        ? `${r.loadAverage.before[0].toFixed(2)} → ${r.loadAverage.after[0].toFixed(2)}`
        : '',
  }));
  if (r.paced)
    rows.push({
      scenario: '',
      target: r.paced.title,
      rate: r.paced.requestsPerSecond,
      latency: r.paced.latencyMs,
      errors: String(r.paced.errors),
      ratio: '',
      load: '',
    });
  if (r.sql)
    rows.push({
      scenario: '',
      target: 'SQL via pg',
      rate: r.sql.requestsPerSecond,
      latency: r.sql.latencyMs,
      errors: String(r.sql.errors),
      ratio: '',
      load: '',
    });
  if (r.explain)
    rows.push({
      scenario: '',
      target: 'SQL execution',
      latency: r.explain.executionMs,
      errors: '',
      ratio: '',
      load: '',
    });
  return rows;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  options: Omit<BenchOptions, 'help'>;
  environment: {
    node: string;
    platform: string;
    cpus: number;
    cpuModel: string;
    /** 1, 5 and 15 minute load averages before and after the measurements */
    loadAverage: { before: number[]; after: number[] };
    postgres: string;
    database: string;
    redis: string;
  };
  seed: {
    reused: boolean;
    tickets: number;
    messages: number;
    departments: number;
    agents: number;
    endUsers: number;
    seedSeconds: number | null;
    searchWord: string;
  };
  scenarios: ScenarioResult[];
}

const fixed = (value: number | undefined, digits: number): string =>
  value === undefined ? '-' : value.toFixed(digits);

/** The results as an aligned text table: one row per scenario and target. */
export function formatTable(results: ScenarioResult[]): string {
  const header = [
    'scenario',
    'target',
    'req/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'errors',
    'service/floor',
    'load',
  ];
  const rows: string[][] = results
    .flatMap(rowsOf)
    .map((row) => [
      row.scenario,
      row.target,
      fixed(row.rate, 1),
      fixed(row.latency?.p50, 1),
      fixed(row.latency?.p95, 1),
      fixed(row.latency?.p99, 1),
      fixed(row.latency?.max, 1),
      row.errors,
      row.ratio,
      row.load,
    ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The results as a Markdown table, with the run's conditions above it. */
export function formatMarkdown(report: BenchReport): string {
  const { options: o, environment: e } = report;
  const cell = (value: number | undefined, digits: number) =>
    value === undefined ? '-' : value.toFixed(digits);
  const lines = [
    `${o.tickets.toLocaleString('en-US')} tickets, ${o.connections} connections, ${o.duration} s per measurement ` +
      `after ${o.warmup} s of warm-up per side (one-client scenarios: ${o.requests} requests); ${e.cpus} × ${e.cpuModel}, Node ${e.node}, PostgreSQL ${e.postgres}; ` +
      `load average ${e.loadAverage.before.join(' / ')} before, ${e.loadAverage.after.join(' / ')} after ` +
      `(${report.startedAt})` +
      (o.serviceNodeFlags.length > 0
        ? `; the service started with \`${o.serviceNodeFlags.join(' ')}\``
        : '') +
      (o.rounds > 1
        ? `; ${o.rounds} rounds per scenario, the two sides taking turns in ABBA order (service, floor, floor, ` +
          'service, …): req/s and latencies are the medians of the rounds (max: the largest), service/floor the ' +
          "median of the rounds' ratios with their min–max in brackets."
        : '.'),
    '',
    '| scenario | target | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | service/floor | load |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  // load: the 1-minute load average before → after each scenario
  for (const row of report.scenarios.flatMap(rowsOf)) {
    lines.push(
      `| ${row.scenario} | ${row.target} | ${cell(row.rate, 1)} | ${cell(row.latency?.p50, 1)} | ` +
        `${cell(row.latency?.p95, 1)} | ${cell(row.latency?.p99, 1)} | ${cell(row.latency?.max, 1)} | ` +
        `${row.errors} | ${row.ratio} | ${row.load} |`,
    );
  }
  const sequential = report.scenarios.filter((r) => r.mode === 'sequential');
  if (sequential.length > 0)
    lines.push(
      '',
      `One-client scenarios (${sequential.map((r) => r.title).join(', ')}): ${o.requests} requests per target, ` +
        'one at a time, the service, the floor and the SQL through pg taking turns; "SQL execution" is the ' +
        "server's execution time from EXPLAIN (ANALYZE, TIMING OFF). load: the 1-minute load average before " +
        'and after the scenario.',
    );
  for (const r of report.scenarios.filter((s) => s.eventLoopDelay)) {
    const d = r.eventLoopDelay!;
    const ms = (v: number | null) => (v === null ? '-' : `≤ ${v} ms`);
    lines.push(
      '',
      `${r.title}: the service's event-loop delay (its helpdesk_event_loop_delay_seconds histogram): ` +
        `${r.targetNames?.service ?? 'service'} p99 ${ms(d.service.p99AtMostMs)}, max ${ms(d.service.maxAtMostMs)}; ` +
        `${r.targetNames?.floor ?? 'floor'} p99 ${ms(d.floor.p99AtMostMs)}, max ${ms(d.floor.maxAtMostMs)}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes the report to `<dir>/<date>-<tickets>[-<label>].json` and its Markdown table beside it (`.md`), a later run of the same
 * day and size replacing an earlier one; returns the JSON file's path.
 */
export async function writeReport(dir: string, report: BenchReport): Promise<string> {
  await mkdir(dir, { recursive: true });
  const label = report.options.label ? `-${report.options.label}` : '';
  const base = join(dir, `${report.startedAt.slice(0, 10)}-${report.options.tickets}${label}`);
  await writeFile(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(`${base}.md`, formatMarkdown(report));
  return `${base}.json`;
}
