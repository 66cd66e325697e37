import { DynamicModule, Type } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../../src/app.module';
import { createApp } from '../../src/bootstrap/create-app';
import { validateEnvironment } from '../../src/config/environment';
import { freePort } from '../../src/infrastructure/embedded/free-port';
import { listen } from './timing';

export interface TestAppOptions {
  /** environment overrides for this app only (e.g. a closed Redis port) */
  env?: Record<string, string>;
  /** variables removed for this app only, so their documented defaults apply (the test run sets some globally) */
  unset?: string[];
  /** extra modules, such as a test-only controller */
  imports?: Array<Type | DynamicModule>;
  withWorker?: boolean;
  /** called between building the app and initialising it, e.g. to add a Fastify hook */
  beforeInit?: (app: NestFastifyApplication) => void;
}

/** Boots the real application on Fastify, as `node dist/main.js` would, against the run's database and Redis. */
export async function startTestApp(options: TestAppOptions = {}): Promise<NestFastifyApplication> {
  const saved = process.env;
  process.env = { ...saved, ...(options.env ?? {}) };
  for (const name of options.unset ?? []) delete process.env[name];
  try {
    const root: DynamicModule = {
      module: class TestRootModule {},
      imports: [AppModule.forRoot({ withWorker: options.withWorker ?? false }), ...(options.imports ?? [])],
    };
    // as main.ts does: TRUST_PROXY is read before the app is built
    const app = await createApp(root, { trustProxy: validateEnvironment(process.env).TRUST_PROXY });
    options.beforeInit?.(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return app;
  } finally {
    process.env = saved;
  }
}

/**
 * For the enclosing describe: an app started before its tests (with `options`, or what `options()` gives then) and
 * closed after them. Read it through the returned function once the tests run.
 */
export function suiteApp(
  options: TestAppOptions | (() => Promise<TestAppOptions>) = {},
): () => NestFastifyApplication {
  let app: NestFastifyApplication | undefined;
  beforeAll(async () => {
    app = await startTestApp(typeof options === 'function' ? await options() : options);
  });
  afterAll(async () => {
    await app?.close();
  });
  return () => {
    if (!app) throw new Error('the app of this describe did not start');
    return app;
  };
}

/**
 * For the enclosing describe: as suiteApp, and listening on an ephemeral loopback port for clients that need a real
 * socket (not supertest): the app, and the port once it listens.
 */
export function suiteListeningApp(options: TestAppOptions | (() => Promise<TestAppOptions>) = {}): {
  app: () => NestFastifyApplication;
  port: () => number;
} {
  const app = suiteApp(options);
  let port: number | undefined;
  beforeAll(async () => {
    port = await listen(app());
  });
  return {
    app,
    port: () => {
      if (port === undefined) throw new Error('the app of this describe does not listen');
      return port;
    },
  };
}

/** For the enclosing describe: an app whose Redis URL names a closed port (see suiteApp). */
export function appWithoutRedis(): () => NestFastifyApplication {
  return suiteApp(async () => ({ env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}` } }));
}
