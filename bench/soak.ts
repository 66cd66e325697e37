/**
 * `npm run test:soak`: the soak of bench/soak-run.ts on the bench's own database (helpdesk_bench_<tickets>, seeded
 * or reused as `npm run bench` does), 10 minutes by default. Prints one verdict line and writes the numbers to
 * bench/results/soak-<time>.json; exits 1 when the soak fails, 2 on a bad flag.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { BENCH_REDIS_PREFIX, clearBenchKeys, prepareDatabase, redact, resolveServers } from './database';
import { seed, SEED_PERIOD, SEED_VERSION } from './seed';
import { runSoak } from './soak-run';

const ROOT = join(__dirname, '..', '..');
const USAGE = `usage: npm run test:soak -- [--seconds 600] [--warmup 60] [--calibrate 20] [--share 0.7]
  [--connections 20] [--scrape 10] [--tickets 20000]`;

function parse(argv: string[]): Record<string, number> {
  const options: Record<string, number> = {
    seconds: 600,
    warmup: 60,
    calibrate: 20,
    share: 0.7,
    connections: 20,
    scrape: 10,
    tickets: 20000,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    const value = Number(argv[i + 1]);
    if (!(key in options) || !Number.isFinite(value) || value <= 0) {
      process.stderr.write(`${USAGE}\n`);
      process.exit(2);
    }
    options[key] = value;
  }
  return options;
}

async function main(): Promise<boolean> {
  const o = parse(process.argv.slice(2));
  const log = (m: string): void => void process.stdout.write(`[soak] ${m}\n`);
  const servers = resolveServers(process.env, o.tickets);
  log(
    `PostgreSQL ${redact(servers.adminUrl)} (database ${servers.benchDatabase}), Redis ${redact(servers.redisUrl)}`,
  );
  await clearBenchKeys(servers.redisUrl);
  const database = await prepareDatabase(
    servers,
    { tickets: o.tickets, version: SEED_VERSION, seedPeriod: SEED_PERIOD, reseed: false },
    log,
  );
  const workDir = await mkdtemp(join(tmpdir(), 'helpdesk-soak-'));
  try {
    const result = await runSoak({
      serviceScript: join(ROOT, 'dist', 'main.js'),
      databaseUrl: servers.benchUrl,
      redisUrl: servers.redisUrl,
      redisPrefix: BENCH_REDIS_PREFIX,
      workDir,
      seed: async (say) => {
        if (database.kind !== 'fresh') return;
        const pool = new Pool({ connectionString: servers.benchUrl, max: 2 });
        try {
          say(`seeding ${o.tickets} tickets`);
          await seed(pool, o.tickets, say);
        } finally {
          await pool.end();
        }
      },
      calibrateSeconds: o.calibrate,
      warmupSeconds: o.warmup,
      seconds: o.seconds,
      share: o.share,
      connections: o.connections,
      scrapeSeconds: o.scrape,
      maxLoopP99Ms: 50,
      maxGrowth: 0.1,
      log,
    });
    const dir = join(ROOT, 'bench', 'results');
    await mkdir(dir, { recursive: true });
    const file = join(dir, `soak-${result.startedAt.replace(/:/g, '-')}.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    log(`numbers in ${file}`);
    process.stdout.write(`${result.verdict}\n`);
    return result.pass;
  } finally {
    await rm(workDir, { recursive: true, force: true });
    await clearBenchKeys(servers.redisUrl);
  }
}

main().then(
  (pass) => process.exit(pass ? 0 : 1),
  (err: unknown) => {
    process.stderr.write(`soak FAIL: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
