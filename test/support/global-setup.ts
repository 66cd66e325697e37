import { provisionInfrastructure, TEST_ADMIN, TEST_SECRETS_KEY, TestInfrastructure } from './infrastructure';

declare global {
  var __TEST_INFRA__: TestInfrastructure | undefined;
}

/** Once per run: a fresh database (migrated) and a fresh Redis key prefix, handed to tests through the env. */
export default async function globalSetup(): Promise<void> {
  // before the migrations run: they encrypt stored secrets with it
  process.env.SECRETS_KEY = TEST_SECRETS_KEY;
  const infra = await provisionInfrastructure();
  globalThis.__TEST_INFRA__ = infra;
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: infra.databaseUrl,
    REDIS_URL: infra.redisUrl,
    REDIS_KEY_PREFIX: infra.keyPrefix,
    TEST_ADMIN_DATABASE_URL: infra.adminDatabaseUrl,
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing',
    BCRYPT_COST: '4',
    MIGRATE_ON_START: 'false',
    WORKER_IN_PROCESS: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // every test hits the API from 127.0.0.1: per-IP and per-user limits are tested with their own apps
    RATE_LIMIT_AUTH_PER_IP: '1000000',
    RATE_LIMIT_API_PER_MINUTE: '0',
    // test-only: high, not off, so every test still runs through the pre-auth limiter; its own tests set real limits
    RATE_LIMIT_ANONYMOUS_PER_IP: '1000000',
    RATE_LIMIT_GUEST_PER_IP: '1000000',
    WEBHOOK_ALLOW_PRIVATE: 'true',
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
  });
}
