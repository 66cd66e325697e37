import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { transformFileSync } from '@swc/core';

/**
 * Starts a real Node process on the same start-up code the api and worker run (compiled here with SWC) and checks
 * that a bad configuration ends it with one clear line and no stack trace.
 */
describe('configuration failure at start (process)', () => {
  const root = join(__dirname, '..');
  const out = join(root, '.test-data', `config-${process.pid}`);
  const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
  delete swcrc.$schema;

  beforeAll(() => {
    for (const file of [
      'src/bootstrap/process.ts',
      'src/config/environment.ts',
      'src/config/inbound-routes.ts',
      'src/config/secrets-key.ts',
      'src/config/trace-sampling.ts',
      'src/config/trust-proxy.ts',
    ]) {
      const target = join(out, file.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(
        target,
        transformFileSync(join(root, file), { ...swcrc, swcrc: false, sourceMaps: false }).code,
      );
    }
    writeFileSync(
      join(out, 'entry.js'),
      "const { loadEnvironmentOrExit } = require('./src/bootstrap/process.js');\n" +
        "loadEnvironmentOrExit();\nprocess.stdout.write('config ok\\n');\n",
    );
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [join(out, 'entry.js')], {
      cwd: out,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });

  it('exits 1 with one line naming the variable', () => {
    const result = run({ PORT: 'not-a-port' });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: .*PORT/);
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('refuses production without a JWT secret', () => {
    const result = run({ NODE_ENV: 'production' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^Invalid configuration: JWT_SECRET/);
  });

  it('refuses TRUST_PROXY=true (trusting every hop) with the forms it takes instead', () => {
    const result = run({ TRUST_PROXY: 'true' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(
      /^Invalid configuration: TRUST_PROXY must be false, the number of proxies/,
    );
  });

  it('starts with a valid configuration', () => {
    const result = run({ PORT: '8080' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('config ok');
  });
});
