import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
  ValidateBy,
  ValidationError,
} from 'class-validator';
import { TRACE_SAMPLERS, TraceSamplerName } from './trace-sampling';
import { parseInboundRoutes } from './inbound-routes';
import { decodeSecretsKey } from './secrets-key';
import { parseTrustProxy, TRUST_PROXY_RULE, TrustProxy } from './trust-proxy';

const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const DURATION = /^\d+(ms|s|m|h|d)?$/;

/** One variable: its rules (decorators, in the order they would stand above a property) and its default. */
interface Variable<T> {
  readonly rules: readonly PropertyDecorator[];
  readonly byDefault: T;
}

const variable = <T>(byDefault: T, ...rules: PropertyDecorator[]): Variable<T> => ({ byDefault, rules });
/** a whole number from min to max */
const int = (byDefault: number, min: number, max: number) =>
  variable(byDefault, Transform(toInt), IsInt(), Min(min), Max(max));
/** true/1/yes/on or false/0/no/off */
const flag = (byDefault: boolean) => variable(byDefault, Transform(toBool), IsBoolean());
const text = (byDefault: string, ...rules: PropertyDecorator[]) => variable(byDefault, IsString(), ...rules);
const oneOf = <const V extends string>(values: readonly V[], byDefault: NoInfer<V>) =>
  variable<V>(byDefault, IsIn(values));
/** unset, or set empty: undefined */
const optional = <T = string>(...rules: PropertyDecorator[]) =>
  variable<T | undefined>(undefined, Transform(emptyToUndefined), IsOptional(), ...rules);

/** Every variable the service reads. Unknown variables are ignored; present ones must be valid. */
const VARIABLES = {
  NODE_ENV: oneOf(['development', 'production', 'test'], 'development'),
  PORT: int(3000, 0, 65535),
  DATABASE_URL: optional(
    Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' }),
  ),
  DATABASE_POOL_SIZE: int(10, 1, 200),
  /** longest a request waits for a pool connection (or to open one) before it is answered 503 */
  DATABASE_ACQUIRE_TIMEOUT_MS: int(3000, 100, 60000),
  /** PostgreSQL's statement_timeout for the service's connections; 0 leaves the server's setting */
  DATABASE_STATEMENT_TIMEOUT_MS: int(0, 0, 3600000),
  REDIS_URL: optional(
    Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' }),
  ),
  REDIS_KEY_PREFIX: text(
    'tickets:',
    MaxLength(100),
    Matches(/^[A-Za-z0-9:_.-]*$/, {
      message: 'REDIS_KEY_PREFIX may only contain letters, digits and : _ . -',
    }),
  ),
  /**
   * longest a process keeps reference data (SLA policies, business calendars, departments' flags) it read; writes
   * drop it at once in every process (Redis pub/sub). An announcement that is missed (Redis away; a writer that stops
   * first) leaves other processes on the old data this long at most, and tickets created there meanwhile keep the
   * SLA targets it gave them; 0 off
   */
  REFERENCE_CACHE_TTL_MS: int(10000, 0, 3600000),
  JWT_SECRET: optional(IsString(), MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })),
  JWT_ACCESS_TTL: text(
    '15m',
    Matches(DURATION, { message: 'JWT_ACCESS_TTL must be a duration such as 900s, 15m or 1h' }),
  ),
  JWT_REFRESH_TTL: text(
    '30d',
    Matches(DURATION, { message: 'JWT_REFRESH_TTL must be a duration such as 30d' }),
  ),
  BCRYPT_COST: int(12, 4, 15),
  ADMIN_EMAIL: variable(
    'admin@example.com',
    IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' }),
  ),
  ADMIN_PASSWORD: optional(
    IsString(),
    MinLength(10, { message: 'ADMIN_PASSWORD must be 10 to 72 characters' }),
    MaxLength(72, { message: 'ADMIN_PASSWORD must be 10 to 72 characters' }),
  ),
  ALLOW_SELF_REGISTRATION: flag(true),
  MIGRATE_ON_START: flag(true),
  WORKER_IN_PROCESS: flag(true),
  /** when set, /metrics (api and worker) answers only `Authorization: Bearer <METRICS_TOKEN>`; unset: open */
  METRICS_TOKEN: optional(
    IsString(),
    MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' }),
  ),
  /** events a worker fans out at once (each mostly waits on PostgreSQL and Redis) */
  WORKER_EVENTS_CONCURRENCY: int(8, 1, 100),
  /** mails a worker hands to SMTP at once, over as many pooled SMTP connections */
  WORKER_MAIL_CONCURRENCY: int(8, 1, 100),
  /** webhook deliveries a worker makes at once */
  WORKER_WEBHOOKS_CONCURRENCY: int(10, 1, 200),
  /** port of the standalone worker's /metrics and /health/live; 0 turns it off */
  WORKER_METRICS_PORT: int(0, 0, 65535),
  SMTP_URL: optional(Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })),
  MAIL_FROM: text('Helpdesk <helpdesk@localhost>'),
  INBOUND_EMAIL_SECRET: optional(
    IsString(),
    MinLength(16, { message: 'INBOUND_EMAIL_SECRET must be at least 16 characters' }),
  ),
  INBOUND_AUTO_REGISTER: flag(false),
  /** recipient address → department of tickets opened by mail: `billing@example.com=<uuid>,…` */
  INBOUND_ROUTES: optional(IsString()),
  /** department of tickets opened by mail to an address without a route; unset: no department */
  INBOUND_DEFAULT_DEPARTMENT_ID: optional(
    IsUUID('all', { message: 'INBOUND_DEFAULT_DEPARTMENT_ID must be a UUID' }),
  ),
  WEBHOOK_ALLOW_PRIVATE: flag(false),
  /** how long one webhook POST may take (connect to last byte) before it counts as failed */
  WEBHOOK_TIMEOUT_MS: int(10000, 100, 120000),
  /** attempts per webhook delivery (the contract asks for at least 5) */
  WEBHOOK_MAX_ATTEMPTS: int(8, 5, 30),
  /** first retry delay of webhook deliveries; each further retry doubles it */
  WEBHOOK_RETRY_DELAY_MS: int(5000, 10, 3600000),
  /** how often the outbox relay looks for committed events (LISTEN/NOTIFY wakes it earlier) */
  OUTBOX_POLL_INTERVAL_MS: int(500, 10, 60000),
  /** events moved to BullMQ per relay transaction */
  OUTBOX_BATCH_SIZE: int(100, 1, 1000),
  /** LISTEN on PostgreSQL so a committed event wakes the relay at once instead of at the next poll */
  OUTBOX_LISTEN: flag(true),
  /**
   * a dispatched event not yet fanned out, or a mail or webhook delivery not yet done, whose BullMQ job is gone (Redis
   * came back empty) is queued again from PostgreSQL once it is this old; the worker looks every half of it
   */
  OUTBOX_REDRIVE_AFTER_MS: int(60000, 1000, 3600000),
  ATTACHMENT_MAX_BYTES: int(10 * 1024 * 1024, 1, 1024 * 1024 * 1024),
  ATTACHMENT_ALLOWED_TYPES: text(
    'image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/csv,application/zip,' +
      'application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document,' +
      'application/vnd.ms-excel,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,' +
      'application/vnd.ms-powerpoint,application/vnd.openxmlformats-officedocument.presentationml.presentation',
  ),
  STORAGE_DIR: text('.data/attachments', MinLength(1)),
  /** where attachment bytes live: `local` (STORAGE_DIR) or `s3` (any S3-compatible store; replicas need it) */
  STORAGE_DRIVER: oneOf(['local', 's3'], 'local'),
  /** S3 endpoint URL for non-AWS stores (MinIO, Ceph, R2, …); unset: AWS for S3_REGION */
  S3_ENDPOINT: optional(
    Matches(/^https?:\/\/.+/, { message: 'S3_ENDPOINT must be an http:// or https:// URL' }),
  ),
  S3_BUCKET: optional(
    IsString(),
    Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be a valid bucket name' }),
  ),
  S3_REGION: text('us-east-1', MinLength(1)),
  /** unset: the SDK's default credential chain (environment, web identity / IRSA, instance profile) */
  S3_ACCESS_KEY_ID: optional(IsString()),
  S3_SECRET_ACCESS_KEY: optional(IsString()),
  /** path-style URLs (endpoint/bucket/key), which most self-hosted S3-compatible stores need */
  S3_FORCE_PATH_STYLE: flag(false),
  RATE_LIMIT_LOGIN_FAILURES: int(10, 1, 100000),
  RATE_LIMIT_AUTH_PER_IP: int(60, 1, 1000000),
  /** password-reset mails per email address per hour; further requests still answer 202 but send nothing */
  RATE_LIMIT_FORGOT_PER_HOUR: int(5, 1, 1000000),
  RATE_LIMIT_API_PER_MINUTE: int(1200, 0, 10000000),
  /**
   * requests per minute per client IP without credentials, or whose credentials fail (401), counted before
   * authentication and body parsing; 0 turns this limit off
   */
  RATE_LIMIT_ANONYMOUS_PER_IP: int(300, 0, 10000000),
  /** open POST /public/tickets, where people without an account submit tickets */
  ALLOW_GUEST_TICKETS: flag(true),
  /** guest submissions per email address per hour */
  RATE_LIMIT_GUEST_PER_EMAIL: int(5, 1, 1000000),
  /** guest submissions per client IP per hour */
  RATE_LIMIT_GUEST_PER_IP: int(30, 1, 1000000),
  /** hours after which a pending approval request is listed by GET /approvals?stale=true */
  APPROVAL_STALE_HOURS: int(72, 0, 87600),
  /** the page where guests set their password; the mailed link is this URL with ?token=… */
  PASSWORD_SETUP_URL: optional(
    Matches(/^https?:\/\/\S+$/, { message: 'PASSWORD_SETUP_URL must be an http(s) URL' }),
  ),
  /**
   * whose X-Forwarded-For entries count when working out client IPs (for the per-IP limits): false (none), the
   * number of proxies in front of the service, or a comma list of their addresses/CIDRs (see trust-proxy.ts)
   */
  TRUST_PROXY: variable<TrustProxy>(
    false,
    Transform(({ value }: { value: unknown }) => parseTrustProxy(value) ?? value),
    ValidateBy({
      name: 'isTrustProxy',
      validator: {
        validate: (v: unknown) => v === false || typeof v === 'number' || Array.isArray(v),
        defaultMessage: () => TRUST_PROXY_RULE,
      },
    }),
  ),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  /** how often the housekeeping job prunes expired and old records (once per interval across all workers) */
  HOUSEKEEPING_INTERVAL_MS: int(3600000, 60000, 7 * 86400000),
  /** how often the SLA breach sweep runs (once per interval across all workers); breaches are marked within it */
  SLA_SWEEP_INTERVAL_MS: int(30000, 1000, 60000),
  /** days webhook delivery attempts and the notification ledger are kept */
  RETENTION_DELIVERIES_DAYS: int(30, 1, 3650),
  /** days the inbound mail log (one row per processed Message-ID) is kept */
  RETENTION_INBOUND_MAIL_DAYS: int(90, 1, 3650),
  /** days expired refresh and password-reset tokens are kept after their expiry */
  RETENTION_EXPIRED_TOKENS_DAYS: int(7, 0, 365),
  /** days a job that failed for good stays in its queue (visible to ADMIN and retryable) */
  RETENTION_FAILED_JOBS_DAYS: int(14, 1, 365),
  /** comma list of browser origins allowed to call the API (https://app.example.com,…); unset: no CORS headers */
  CORS_ORIGINS: optional(
    Matches(/^\s*https?:\/\/[^\s,/]+\s*(,\s*https?:\/\/[^\s,/]+\s*)*$/, {
      message: 'CORS_ORIGINS must be a comma list of origins such as https://app.example.com',
    }),
  ),
  /** OTLP/HTTP collector base URL (traces go to <url>/v1/traces); unset: tracing off, nothing of OpenTelemetry loaded */
  OTEL_EXPORTER_OTLP_ENDPOINT: optional(
    Matches(/^https?:\/\/\S+$/, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL' }),
  ),
  /** OTLP encoding: protobuf (the OTLP default) or JSON */
  OTEL_EXPORTER_OTLP_PROTOCOL: optional<'http/protobuf' | 'http/json'>(IsIn(['http/protobuf', 'http/json'])),
  /** headers sent with each trace export (`api-key=…,x-tenant=…`), read by the exporter itself; a secret */
  OTEL_EXPORTER_OTLP_HEADERS: optional(IsString()),
  /**
   * which traces are kept (OpenTelemetry's standard names); unset: all, or parentbased_traceidratio when only
   * OTEL_TRACES_SAMPLER_ARG is set. Parent-based samplers follow a caller's sampled `traceparent`.
   */
  OTEL_TRACES_SAMPLER: optional<TraceSamplerName>(IsIn(TRACE_SAMPLERS)),
  /** the share of new traces kept by the traceidratio samplers, 0 to 1 (0.1 keeps one in ten); unset: 1 */
  OTEL_TRACES_SAMPLER_ARG: optional(
    Matches(/^(0(\.\d*)?|1(\.0*)?|\.\d+)$/, {
      message: 'OTEL_TRACES_SAMPLER_ARG must be a ratio between 0 and 1',
    }),
  ),
  /** the service name on spans; unset: helpdesk-api for the api, helpdesk-worker for the worker */
  OTEL_SERVICE_NAME: optional(IsString(), MaxLength(100)),
  /** 32 bytes, base64: encrypts mailbox passwords and webhook secrets at rest; required in production */
  SECRETS_KEY: optional(IsString()),
  /** the key SECRETS_KEY replaced, still read until `npm run secrets:rotate` has re-encrypted everything */
  SECRETS_KEY_PREVIOUS: optional(IsString()),
  /** seconds between two looks at a mailbox whose server has no IDLE (and the longest an IDLE waits) */
  MAILBOX_POLL_SECONDS: int(60, 1, 3600),
  /** how often a worker looks for active mailboxes nobody serves (a dead worker's are taken over then) */
  MAILBOX_SCAN_MS: int(10000, 200, 600000),
  /** after SIGTERM, readiness answers 503 this long while requests are still served; unset: 5000 in production, else 0 */
  SHUTDOWN_DRAIN_MS: variable<number | undefined>(
    undefined,
    Transform(toInt),
    IsOptional(),
    IsInt(),
    Min(0),
    Max(120000),
  ),
};

type Variables = typeof VARIABLES;
export type EnvironmentVariables = {
  -readonly [K in keyof Variables]: Variables[K] extends Variable<infer T> ? T : never;
};

/** What class-transformer builds and class-validator checks: every variable's rules, the defaults set when built. */
class EnvironmentSchema {
  constructor() {
    for (const [name, { byDefault }] of Object.entries(VARIABLES))
      if (byDefault !== undefined) Object.assign(this, { [name]: byDefault });
  }
}
for (const [name, { rules }] of Object.entries(VARIABLES)) {
  // the last rule first, as decorators written above a property apply
  for (const rule of [...rules].reverse()) rule(EnvironmentSchema.prototype, name);
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigurationError';
  }
}

const TYPE_CONSTRAINTS = ['isInt', 'isBoolean', 'isIn', 'isEmail', 'matches', 'isString'];

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => {
    // the type problem first: "PORT must be an integer" says more than "must not be greater than 65535"
    const constraints = e.constraints ?? {};
    const key = TYPE_CONSTRAINTS.find((k) => k in constraints) ?? Object.keys(constraints)[0];
    const own = key ? [constraints[key]] : [];
    return [...own, ...describe(e.children ?? [])];
  });
}

/** Parses and validates the environment; throws one ConfigurationError naming every bad variable. */
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentSchema, raw, { exposeDefaultValues: true }) as EnvironmentVariables;
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) throw new ConfigurationError(describe(errors));
  if (env.STORAGE_DRIVER === 's3' && !env.S3_BUCKET) {
    throw new ConfigurationError(['S3_BUCKET is required when STORAGE_DRIVER=s3']);
  }
  if (!env.S3_ACCESS_KEY_ID !== !env.S3_SECRET_ACCESS_KEY) {
    throw new ConfigurationError([
      'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both or neither',
    ]);
  }
  for (const name of ['SECRETS_KEY', 'SECRETS_KEY_PREVIOUS'] as const) {
    const value = env[name];
    if (value !== undefined && !decodeSecretsKey(value))
      throw new ConfigurationError([`${name} must be 32 random bytes in base64 (openssl rand -base64 32)`]);
  }
  try {
    parseInboundRoutes(env.INBOUND_ROUTES);
  } catch (err) {
    throw new ConfigurationError([`INBOUND_ROUTES: ${(err as Error).message}`]);
  }
  if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
    throw new ConfigurationError(['JWT_SECRET is required in production (at least 32 characters)']);
  }
  if (env.NODE_ENV === 'production' && !env.SECRETS_KEY) {
    throw new ConfigurationError([
      'SECRETS_KEY is required in production (32 random bytes in base64: openssl rand -base64 32)',
    ]);
  }
  return env;
}

/** The name of every variable the schema above validates (deployment manifests are checked against it). */
export function knownVariables(): string[] {
  return Object.keys(VARIABLES).sort();
}
