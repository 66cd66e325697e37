/** Jest: unit tests beside the code, e2e tests under test/. ESM-only packages in node_modules
 *  (NestJS 12 and friends) are compiled to CommonJS by SWC, so nothing is ignored by the transform. */
const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.$schema;
const transform = { '^.+\\.(t|j|mj|cj)s$': ['@swc/jest', { ...swc, swcrc: false }] };
const common = {
  transform,
  transformIgnorePatterns: [],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testEnvironment: 'node',
  // ESM-only packages such as file-type publish only import/module-sync conditions
  testEnvironmentOptions: { customExportConditions: ['node', 'node-addons', 'module-sync'] },
  // kubernetes-models (manifest validation) exports under the `import` condition only: see the resolver
  resolver: '<rootDir>/test/support/jest-resolver.js',
};
module.exports = {
  // e2e tests boot applications and child processes; Jest reads this only at the top level
  testTimeout: 60000,
  // a leaked timer or socket must never keep a CI run alive past its report; leaks still show as failed suites
  forceExit: true,
  // `npm run test:coverage`: src/ as covered by unit and e2e tests together; what child processes (dist/main.js,
  // dist/worker.js spawned by tests) run is not counted. Istanbul ('babel'): Jest instruments only the files below,
  // after SWC, and maps counts back to the TypeScript through SWC's inline source maps; V8's coverage records all of
  // node_modules too and cost 1.8-7.4x the CPU of an uncovered run here, Istanbul 1.4-1.7x (docs/reliability.md).
  collectCoverageFrom: [
    'src/**/*.ts',
    '!src/**/*.spec.ts',
    '!src/**/*.d.ts',
    // process entry points: they run only as processes of their own (node dist/<name>.js), never inside Jest
    '!src/main.ts', // the api process: tracing first, env check, embedded servers, signals
    '!src/worker.ts', // the worker process
    '!src/migrate.ts', // migration CLI (npm run migration:run, the Kubernetes Job)
    '!src/secrets-rotate.ts', // secrets rotation CLI
    '!src/openapi.ts', // openapi.json writer CLI (npm run openapi)
    '!src/tracing.ts', // process-level OpenTelemetry bootstrap, imported first by main.ts and worker.ts
  ],
  coverageProvider: 'babel',
  coverageReporters: ['text-summary', 'json-summary'],
  // the whole-suite figure of 2026-11-30 (lines 94.7%, branches 83.3%) rounded down with headroom for changes in flight
  coverageThreshold: { global: { lines: 90, branches: 80 } },
  projects: [
    // bench/: the benchmark's pure parts (bench/README.md)
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/bench/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
