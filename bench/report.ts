import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Measurement } from './load';
import { BenchOptions } from './options';

export interface TargetResult extends Measurement {
  /** the list total the probe request returned (list and search scenarios) */
  matches?: number;
}

export interface ScenarioResult {
  key: string;
  title: string;
  request: string;
  service: TargetResult;
  floor: TargetResult;
  /** service req/s divided by floor req/s */
  ratio: number | null;
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
  const header = ['scenario', 'target', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'service/floor'];
  const rows: string[][] = [];
  for (const r of results) {
    for (const target of ['service', 'floor'] as const) {
      const m = r[target];
      rows.push([
        target === 'service' ? r.title : '',
        target,
        fixed(m.requestsPerSecond, 1),
        fixed(m.latencyMs?.p50, 1),
        fixed(m.latencyMs?.p95, 1),
        fixed(m.latencyMs?.p99, 1),
        String(m.errors),
        target === 'service' && r.ratio !== null ? r.ratio.toFixed(2) : '',
      ]);
    }
  }
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
      `after ${o.warmup} s of warm-up; ${e.cpus} × ${e.cpuModel}, Node ${e.node}, PostgreSQL ${e.postgres}; ` +
      `load average ${e.loadAverage.before.join(' / ')} before, ${e.loadAverage.after.join(' / ')} after ` +
      `(${report.startedAt}).`,
    '',
    '| scenario | target | req/s | p50 ms | p95 ms | p99 ms | errors | service/floor |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of report.scenarios) {
    for (const target of ['service', 'floor'] as const) {
      const m = r[target];
      lines.push(
        `| ${target === 'service' ? r.title : ''} | ${target} | ${cell(m.requestsPerSecond, 1)} | ` +
          `${cell(m.latencyMs?.p50, 1)} | ${cell(m.latencyMs?.p95, 1)} | ${cell(m.latencyMs?.p99, 1)} | ${m.errors} | ` +
          `${target === 'service' && r.ratio !== null ? r.ratio.toFixed(2) : ''} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes the report to `<dir>/<date>-<tickets>.json` and its Markdown table beside it (`.md`), a later run of the same
 * day and size replacing an earlier one; returns the JSON file's path.
 */
export async function writeReport(dir: string, report: BenchReport): Promise<string> {
  await mkdir(dir, { recursive: true });
  const base = join(dir, `${report.startedAt.slice(0, 10)}-${report.options.tickets}`);
  await writeFile(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(`${base}.md`, formatMarkdown(report));
  return `${base}.json`;
}
