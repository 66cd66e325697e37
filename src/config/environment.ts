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
  getMetadataStorage,
  validateSync,
  ValidationError,
} from 'class-validator';
import { TRACE_SAMPLERS, TraceSamplerName } from './trace-sampling';
import { parseInboundRoutes } from './inbound-routes';
import { decodeSecretsKey } from './secrets-key';

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

/** Every variable the service reads. Unknown variables are ignored; present ones must be valid. */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** longest a request waits for a pool connection (or to open one) before it is answered 503 */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60000)
  DATABASE_ACQUIRE_TIMEOUT_MS = 3000;

  /** PostgreSQL's statement_timeout for the service's connections; 0 leaves the server's setting */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600000)
  DATABASE_STATEMENT_TIMEOUT_MS = 0;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsString()
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9:_.-]*$/, { message: 'REDIS_KEY_PREFIX may only contain letters, digits and : _ . -' })
  REDIS_KEY_PREFIX = 'tickets:';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsString()
  @Matches(DURATION, { message: 'JWT_ACCESS_TTL must be a duration such as 900s, 15m or 1h' })
  JWT_ACCESS_TTL = '15m';

  @IsString()
  @Matches(DURATION, { message: 'JWT_REFRESH_TTL must be a duration such as 30d' })
  JWT_REFRESH_TTL = '30d';

  @Transform(toInt)
  @IsInt()
  @Min(4)
  @Max(15)
  BCRYPT_COST = 12;

  @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL = 'admin@example.com';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(10, { message: 'ADMIN_PASSWORD must be 10 to 72 characters' })
  @MaxLength(72, { message: 'ADMIN_PASSWORD must be 10 to 72 characters' })
  ADMIN_PASSWORD?: string;

  @Transform(toBool)
  @IsBoolean()
  ALLOW_SELF_REGISTRATION = true;

  @Transform(toBool)
  @IsBoolean()
  MIGRATE_ON_START = true;

  @Transform(toBool)
  @IsBoolean()
  WORKER_IN_PROCESS = true;

  /** when set, /metrics (api and worker) answers only `Authorization: Bearer <METRICS_TOKEN>`; unset: open */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /** events a worker fans out at once (each mostly waits on PostgreSQL and Redis) */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  WORKER_EVENTS_CONCURRENCY = 8;

  /** mails a worker hands to SMTP at once, over as many pooled SMTP connections */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  WORKER_MAIL_CONCURRENCY = 8;

  /** webhook deliveries a worker makes at once */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  WORKER_WEBHOOKS_CONCURRENCY = 10;

  /** port of the standalone worker's /metrics and /health/live; 0 turns it off */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_METRICS_PORT = 0;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'Helpdesk <helpdesk@localhost>';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'INBOUND_EMAIL_SECRET must be at least 16 characters' })
  INBOUND_EMAIL_SECRET?: string;

  @Transform(toBool)
  @IsBoolean()
  INBOUND_AUTO_REGISTER = false;

  /** recipient address → department of tickets opened by mail: `billing@example.com=<uuid>,…` */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  INBOUND_ROUTES?: string;

  /** department of tickets opened by mail to an address without a route; unset: no department */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUUID('all', { message: 'INBOUND_DEFAULT_DEPARTMENT_ID must be a UUID' })
  INBOUND_DEFAULT_DEPARTMENT_ID?: string;

  @Transform(toBool)
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE = false;

  /** how long one webhook POST may take (connect to last byte) before it counts as failed */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120000)
  WEBHOOK_TIMEOUT_MS = 10000;

  /** attempts per webhook delivery (the contract asks for at least 5) */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(30)
  WEBHOOK_MAX_ATTEMPTS = 8;

  /** first retry delay of webhook deliveries; each further retry doubles it */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3600000)
  WEBHOOK_RETRY_DELAY_MS = 5000;

  /** how often the outbox relay looks for committed events (LISTEN/NOTIFY wakes it earlier) */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60000)
  OUTBOX_POLL_INTERVAL_MS = 500;

  /** events moved to BullMQ per relay transaction */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  OUTBOX_BATCH_SIZE = 100;

  /** LISTEN on PostgreSQL so a committed event wakes the relay at once instead of at the next poll */
  @Transform(toBool)
  @IsBoolean()
  OUTBOX_LISTEN = true;

  /**
   * a dispatched event not yet fanned out, or a mail or webhook delivery not yet done, whose BullMQ job is gone (Redis
   * came back empty) is queued again from PostgreSQL once it is this old; the worker looks every half of it
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3600000)
  OUTBOX_REDRIVE_AFTER_MS = 60000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1024 * 1024 * 1024)
  ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

  @IsString()
  ATTACHMENT_ALLOWED_TYPES =
    'image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/csv,application/zip,' +
    'application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document,' +
    'application/vnd.ms-excel,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,' +
    'application/vnd.openxmlformats-officedocument.presentationml.presentation';

  @IsString()
  @MinLength(1)
  STORAGE_DIR = '.data/attachments';

  /** where attachment bytes live: `local` (STORAGE_DIR) or `s3` (any S3-compatible store; replicas need it) */
  @IsIn(['local', 's3'])
  STORAGE_DRIVER: 'local' | 's3' = 'local';

  /** S3 endpoint URL for non-AWS stores (MinIO, Ceph, R2, …); unset: AWS for S3_REGION */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'S3_ENDPOINT must be an http:// or https:// URL' })
  S3_ENDPOINT?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be a valid bucket name' })
  S3_BUCKET?: string;

  @IsString()
  @MinLength(1)
  S3_REGION = 'us-east-1';

  /** unset: the SDK's default credential chain (environment, web identity / IRSA, instance profile) */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  /** path-style URLs (endpoint/bucket/key), which most self-hosted S3-compatible stores need */
  @Transform(toBool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE = false;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  RATE_LIMIT_LOGIN_FAILURES = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000000)
  RATE_LIMIT_AUTH_PER_IP = 60;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10000000)
  RATE_LIMIT_API_PER_MINUTE = 1200;

  /**
   * requests per minute per client IP without credentials, or whose credentials fail (401), counted before
   * authentication and body parsing; 0 turns this limit off
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10000000)
  RATE_LIMIT_ANONYMOUS_PER_IP = 300;

  /** open POST /public/tickets, where people without an account submit tickets */
  @Transform(toBool)
  @IsBoolean()
  ALLOW_GUEST_TICKETS = true;

  /** guest submissions per email address per hour */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000000)
  RATE_LIMIT_GUEST_PER_EMAIL = 5;

  /** guest submissions per client IP per hour */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000000)
  RATE_LIMIT_GUEST_PER_IP = 30;

  /** hours after which a pending approval request is listed by GET /approvals?stale=true */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(87600)
  APPROVAL_STALE_HOURS = 72;

  /** the page where guests set their password; the mailed link is this URL with ?token=… */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'PASSWORD_SETUP_URL must be an http(s) URL' })
  PASSWORD_SETUP_URL?: string;

  /** trust X-Forwarded-For from a load balancer when computing client IPs for rate limits */
  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY = false;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** how often the housekeeping job prunes expired and old records (once per interval across all workers) */
  @Transform(toInt)
  @IsInt()
  @Min(60000)
  @Max(7 * 86400000)
  HOUSEKEEPING_INTERVAL_MS = 3600000;

  /** how often the SLA breach sweep runs (once per interval across all workers); breaches are marked within it */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(60000)
  SLA_SWEEP_INTERVAL_MS = 30000;

  /** days webhook delivery attempts and the notification ledger are kept */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  RETENTION_DELIVERIES_DAYS = 30;

  /** days the inbound mail log (one row per processed Message-ID) is kept */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  RETENTION_INBOUND_MAIL_DAYS = 90;

  /** days expired refresh and password-reset tokens are kept after their expiry */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(365)
  RETENTION_EXPIRED_TOKENS_DAYS = 7;

  /** days a job that failed for good stays in its queue (visible to ADMIN and retryable) */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  RETENTION_FAILED_JOBS_DAYS = 14;

  /** comma list of browser origins allowed to call the API (https://app.example.com,…); unset: no CORS headers */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\s*https?:\/\/[^\s,/]+\s*(,\s*https?:\/\/[^\s,/]+\s*)*$/, {
    message: 'CORS_ORIGINS must be a comma list of origins such as https://app.example.com',
  })
  CORS_ORIGINS?: string;

  /** OTLP/HTTP collector base URL (traces go to <url>/v1/traces); unset: tracing off, nothing of OpenTelemetry loaded */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** OTLP encoding: protobuf (the OTLP default) or JSON */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['http/protobuf', 'http/json'])
  OTEL_EXPORTER_OTLP_PROTOCOL?: 'http/protobuf' | 'http/json';

  /** headers sent with each trace export (`api-key=…,x-tenant=…`), read by the exporter itself; a secret */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OTEL_EXPORTER_OTLP_HEADERS?: string;

  /**
   * which traces are kept (OpenTelemetry's standard names); unset: all, or parentbased_traceidratio when only
   * OTEL_TRACES_SAMPLER_ARG is set. Parent-based samplers follow a caller's sampled `traceparent`.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(TRACE_SAMPLERS)
  OTEL_TRACES_SAMPLER?: TraceSamplerName;

  /** the share of new traces kept by the traceidratio samplers, 0 to 1 (0.1 keeps one in ten); unset: 1 */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^(0(\.\d*)?|1(\.0*)?|\.\d+)$/, {
    message: 'OTEL_TRACES_SAMPLER_ARG must be a ratio between 0 and 1',
  })
  OTEL_TRACES_SAMPLER_ARG?: string;

  /** the service name on spans; unset: helpdesk-api for the api, helpdesk-worker for the worker */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  OTEL_SERVICE_NAME?: string;

  /** 32 bytes, base64: encrypts mailbox passwords and webhook secrets at rest; required in production */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SECRETS_KEY?: string;

  /** the key SECRETS_KEY replaced, still read until `npm run secrets:rotate` has re-encrypted everything */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SECRETS_KEY_PREVIOUS?: string;

  /** seconds between two looks at a mailbox whose server has no IDLE (and the longest an IDLE waits) */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  MAILBOX_POLL_SECONDS = 60;

  /** how often a worker looks for active mailboxes nobody serves (a dead worker's are taken over then) */
  @Transform(toInt)
  @IsInt()
  @Min(200)
  @Max(600000)
  MAILBOX_SCAN_MS = 10000;

  /** after SIGTERM, readiness answers 503 this long while requests are still served; unset: 5000 in production, else 0 */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120000)
  SHUTDOWN_DRAIN_MS?: number;
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
  const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
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
  const rules = getMetadataStorage().getTargetValidationMetadatas(EnvironmentVariables, '', false, false);
  return [...new Set(rules.map((r) => r.propertyName))].sort();
}
