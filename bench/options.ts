import { parseArgs } from 'node:util';

export const SCENARIO_KEYS = [
  'live',
  'get',
  'getpid',
  'login-load',
  'list',
  'deep',
  'search',
  'rare',
  'report',
  'report-serial',
  'create',
  'message',
  'message-insert',
] as const;
export type ScenarioKey = (typeof SCENARIO_KEYS)[number];

export interface BenchOptions {
  /** seeded tickets */
  tickets: number;
  /** seconds measured per scenario and target */
  duration: number;
  /** concurrent autocannon connections */
  connections: number;
  /** seconds of unrecorded load before a scenario's first round, per side (0: none) */
  warmup: number;
  /** measurements of each side per scenario, the sides taking turns in ABBA order (1: service then floor, once) */
  rounds: number;
  /** requests of each sequential (one client) measurement, after a tenth of that unrecorded */
  requests: number;
  /** drop and seed the bench database even when the existing seed matches */
  reseed: boolean;
  /** appended to the results' file names (`<date>-<tickets>-<label>`), so a run does not replace another */
  label: string | null;
  /** scenarios to run, in this order */
  only: ScenarioKey[];
  /** exit non-zero when a measurement's share of errors exceeds this */
  maxErrorRate: number;
  /** Node.js or V8 flags the service is started with (the floor is not), to measure one against the default */
  serviceNodeFlags: string[];
  help: boolean;
}

export const USAGE = `Usage: npm run bench -- [options]

  --tickets N          tickets to seed (default 100000; reused when the existing seed has the same count)
  --duration S         seconds measured per scenario and target (default 10)
  --connections C      concurrent connections (default 20)
  --warmup S           seconds of unrecorded load per side before a scenario's first round (default 2, 0 to skip)
  --rounds N           measurements of each side per scenario, taking turns in ABBA order; the ratio is the
                       median of the rounds' ratios (default 4; 1: service then floor once)
  --requests N         requests per target in the one-client scenarios (report-serial; default 100)
  --only a,b           scenarios to run: ${SCENARIO_KEYS.join(', ')} (default all)
  --label L            name the results <date>-<tickets>-L.{json,md} instead of <date>-<tickets>
  --reseed             drop and seed the bench database again
  --max-error-rate R   exit 1 when a measurement has more errors than this share (default 0.01)
  --service-node-flags F
                       Node.js/V8 flags for the service process only, space-separated
                       (--service-node-flags=--max-semi-space-size=32; default none, as the image starts it)
  --help               this text

Needs a real PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres) and Redis
(REDIS_URL, default redis://127.0.0.1:6379). Uses the database helpdesk_bench_<tickets> and the Redis key prefix bench:.`;

function positiveNumber(flag: string, raw: string, integer: boolean, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    throw new Error(
      `--${flag} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, not "${raw}"`,
    );
  }
  return value;
}

function label(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(raw))
    throw new Error(`--label takes lower-case letters, digits and dashes (up to 40), not "${raw}"`);
  return raw;
}

const NODE_FLAG = /^--[a-z][a-z0-9-]*(=[A-Za-z0-9_.,:/-]+)?$/;

function nodeFlags(raw: string | undefined): string[] {
  const flags = (raw ?? '').split(' ').filter((f) => f.length > 0);
  const bad = flags.find((f) => !NODE_FLAG.test(f));
  if (bad !== undefined)
    throw new Error(`--service-node-flags takes flags such as --max-semi-space-size=32, not "${bad}"`);
  return flags;
}

/** Parses the command line; throws an Error naming the bad flag. */
export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      tickets: { type: 'string', default: '100000' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '2' },
      rounds: { type: 'string', default: '4' },
      requests: { type: 'string', default: '100' },
      only: { type: 'string', default: SCENARIO_KEYS.join(',') },
      reseed: { type: 'boolean', default: false },
      label: { type: 'string' },
      'max-error-rate': { type: 'string', default: '0.01' },
      'service-node-flags': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const only = values.only
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const unknown = only.filter((s) => !(SCENARIO_KEYS as readonly string[]).includes(s));
  if (unknown.length > 0 || only.length === 0) {
    throw new Error(`--only takes a comma list of ${SCENARIO_KEYS.join(', ')}, not "${values.only}"`);
  }
  return {
    tickets: positiveNumber('tickets', values.tickets, true, 100, 10_000_000),
    duration: positiveNumber('duration', values.duration, true, 1, 600),
    connections: positiveNumber('connections', values.connections, true, 1, 1000),
    warmup: positiveNumber('warmup', values.warmup, true, 0, 60),
    rounds: positiveNumber('rounds', values.rounds, true, 1, 50),
    requests: positiveNumber('requests', values.requests, true, 10, 100_000),
    only: SCENARIO_KEYS.filter((k) => only.includes(k)),
    reseed: values.reseed,
    label: label(values.label),
    maxErrorRate: positiveNumber('max-error-rate', values['max-error-rate'], false, 0, 1),
    serviceNodeFlags: nodeFlags(values['service-node-flags']),
    help: values.help,
  };
}
