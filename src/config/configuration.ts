import { randomBytes } from 'node:crypto';
import { ConfigType, registerAs } from '@nestjs/config';
import { EnvironmentVariables, validateEnvironment } from './environment';
import { parseInboundRoutes } from './inbound-routes';
import { decodeSecretsKey, localSecretsKey, secretsKeyOf } from './secrets-key';

let cached: { source: NodeJS.ProcessEnv; env: EnvironmentVariables } | undefined;
let devSecret: string | undefined;

/** The validated environment, parsed once per process (re-parsed when process.env is replaced, as tests do). */
export function environment(): EnvironmentVariables {
  if (!cached || cached.source !== process.env)
    cached = { source: process.env, env: validateEnvironment(process.env) };
  return cached.env;
}

/** A configuration namespace read from the validated environment (Nest's `registerAs`, `config.get('<token>.…')`). */
const fromEnvironment = <T extends object>(token: string, read: (env: EnvironmentVariables) => T) =>
  registerAs(token, () => read(environment()));

type VariableNames = Record<string, keyof EnvironmentVariables>;

/** A namespace that only names variables: `{ timeoutMs: 'WEBHOOK_TIMEOUT_MS' }` is `{ timeoutMs: env.WEBHOOK_TIMEOUT_MS }`. */
const variables = <const N extends VariableNames>(token: string, names: N) =>
  fromEnvironment(
    token,
    (env) =>
      Object.fromEntries(Object.entries(names).map(([key, name]) => [key, env[name]])) as {
        [K in keyof N]: EnvironmentVariables[N[K]];
      },
  );

const parseList = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);

/** How long readiness answers 503 after SIGTERM before the server stops accepting connections. */
export const shutdownDrainMs = (env: EnvironmentVariables): number =>
  env.SHUTDOWN_DRAIN_MS ?? (env.NODE_ENV === 'production' ? 5000 : 0);

export const appConfig = fromEnvironment('app', (env) => ({
  nodeEnv: env.NODE_ENV,
  port: env.PORT,
  logLevel: env.LOG_LEVEL,
  workerInProcess: env.WORKER_IN_PROCESS,
  migrateOnStart: env.MIGRATE_ON_START,
  adminEmail: env.ADMIN_EMAIL,
  adminPassword: env.ADMIN_PASSWORD,
  rateLimitApiPerMinute: env.RATE_LIMIT_API_PER_MINUTE,
  metricsToken: env.METRICS_TOKEN,
  shutdownDrainMs: shutdownDrainMs(env),
}));

/** A server's URL, which is required: where the variable is not set, no embedded server was started either. */
const serverUrl = (url: string | undefined, variable: string, server: string): string => {
  if (!url) throw new Error(`${variable} is not set and no embedded ${server} was started`);
  return url;
};

export const databaseConfig = fromEnvironment('database', (env) => ({
  url: serverUrl(env.DATABASE_URL, 'DATABASE_URL', 'PostgreSQL'),
  poolSize: env.DATABASE_POOL_SIZE,
  acquireTimeoutMs: env.DATABASE_ACQUIRE_TIMEOUT_MS,
  statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
}));

export const redisConfig = fromEnvironment('redis', (env) => ({
  url: serverUrl(env.REDIS_URL, 'REDIS_URL', 'Redis'),
  keyPrefix: env.REDIS_KEY_PREFIX,
  referenceCacheTtlMs: env.REFERENCE_CACHE_TTL_MS,
}));

export const authConfig = fromEnvironment('auth', (env) => {
  // Outside production a missing secret is generated per process (tokens then die with the process).
  const jwtSecret = env.JWT_SECRET ?? (devSecret ??= randomBytes(48).toString('base64url'));
  return {
    jwtSecret,
    jwtSecretGenerated: !env.JWT_SECRET,
    accessTtl: env.JWT_ACCESS_TTL,
    refreshTtl: env.JWT_REFRESH_TTL,
    bcryptCost: env.BCRYPT_COST,
    allowSelfRegistration: env.ALLOW_SELF_REGISTRATION,
    loginFailuresPerEmail: env.RATE_LIMIT_LOGIN_FAILURES,
    authRequestsPerIpPerMinute: env.RATE_LIMIT_AUTH_PER_IP,
    resetMailsPerEmailPerHour: env.RATE_LIMIT_FORGOT_PER_HOUR,
  };
});

export const mailConfig = fromEnvironment('mail', (env) => ({
  smtpUrl: env.SMTP_URL,
  from: env.MAIL_FROM,
  inboundSecret: env.INBOUND_EMAIL_SECRET,
  inboundAutoRegister: env.INBOUND_AUTO_REGISTER,
  inboundRoutes: parseInboundRoutes(env.INBOUND_ROUTES),
  inboundDefaultDepartmentId: env.INBOUND_DEFAULT_DEPARTMENT_ID?.toLowerCase() ?? null,
}));

export const storageConfig = fromEnvironment('storage', (env) => ({
  driver: env.STORAGE_DRIVER,
  dir: env.STORAGE_DIR,
  maxBytes: env.ATTACHMENT_MAX_BYTES,
  allowedTypes: parseList(env.ATTACHMENT_ALLOWED_TYPES),
  s3: {
    endpoint: env.S3_ENDPOINT,
    bucket: env.S3_BUCKET ?? '',
    region: env.S3_REGION,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    credentials:
      env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
        : undefined,
  },
}));

export const webhookConfig = variables('webhook', {
  allowPrivate: 'WEBHOOK_ALLOW_PRIVATE',
  timeoutMs: 'WEBHOOK_TIMEOUT_MS',
  maxAttempts: 'WEBHOOK_MAX_ATTEMPTS',
  retryDelayMs: 'WEBHOOK_RETRY_DELAY_MS',
});

/** How many jobs of each I/O-bound queue one worker runs at once. */
export const workerConfig = variables('worker', {
  eventsConcurrency: 'WORKER_EVENTS_CONCURRENCY',
  mailConcurrency: 'WORKER_MAIL_CONCURRENCY',
  webhooksConcurrency: 'WORKER_WEBHOOKS_CONCURRENCY',
});

export const outboxConfig = variables('outbox', {
  pollIntervalMs: 'OUTBOX_POLL_INTERVAL_MS',
  batchSize: 'OUTBOX_BATCH_SIZE',
  listen: 'OUTBOX_LISTEN',
  redriveAfterMs: 'OUTBOX_REDRIVE_AFTER_MS',
});

export const guestConfig = fromEnvironment('guest', (env) => ({
  enabled: env.ALLOW_GUEST_TICKETS,
  perEmailPerHour: env.RATE_LIMIT_GUEST_PER_EMAIL,
  perIpPerHour: env.RATE_LIMIT_GUEST_PER_IP,
  passwordSetupUrl: env.PASSWORD_SETUP_URL ?? null,
}));

export const approvalsConfig = variables('approvals', {
  staleHours: 'APPROVAL_STALE_HOURS',
});

export const housekeepingConfig = variables('housekeeping', {
  intervalMs: 'HOUSEKEEPING_INTERVAL_MS',
  deliveriesDays: 'RETENTION_DELIVERIES_DAYS',
  inboundMailDays: 'RETENTION_INBOUND_MAIL_DAYS',
  expiredTokensDays: 'RETENTION_EXPIRED_TOKENS_DAYS',
  failedJobsDays: 'RETENTION_FAILED_JOBS_DAYS',
});

let localKey: Buffer | undefined;

/** The key that encrypts stored secrets, and the one before it (read only, until a rotation is done). */
export const secretsConfig = fromEnvironment('secrets', (env) => {
  const current = env.SECRETS_KEY ? decodeSecretsKey(env.SECRETS_KEY)! : (localKey ??= localSecretsKey());
  const previous = env.SECRETS_KEY_PREVIOUS ? decodeSecretsKey(env.SECRETS_KEY_PREVIOUS)! : null;
  return {
    current: secretsKeyOf(current),
    previous: previous ? secretsKeyOf(previous) : null,
  };
});

export const mailboxConfig = variables('mailbox', {
  pollSeconds: 'MAILBOX_POLL_SECONDS',
  scanMs: 'MAILBOX_SCAN_MS',
});

export const slaConfig = variables('sla', {
  sweepIntervalMs: 'SLA_SWEEP_INTERVAL_MS',
});

export const allConfigs = [
  slaConfig,
  secretsConfig,
  mailboxConfig,
  housekeepingConfig,
  approvalsConfig,
  appConfig,
  databaseConfig,
  redisConfig,
  authConfig,
  mailConfig,
  storageConfig,
  webhookConfig,
  outboxConfig,
  workerConfig,
  guestConfig,
];

export type RedisConfig = ConfigType<typeof redisConfig>;
export type StorageConfig = ConfigType<typeof storageConfig>;
export type HousekeepingConfig = ConfigType<typeof housekeepingConfig>;
export type SlaConfig = ConfigType<typeof slaConfig>;
export type WorkerConfig = ConfigType<typeof workerConfig>;
