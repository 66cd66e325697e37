import { ConfigurationError, validateEnvironment } from './environment';

describe('validateEnvironment', () => {
  it('applies the documented defaults to an empty environment', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({
      PORT: 3000,
      REDIS_KEY_PREFIX: 'tickets:',
      JWT_ACCESS_TTL: '15m',
      JWT_REFRESH_TTL: '30d',
      BCRYPT_COST: 12,
      ADMIN_EMAIL: 'admin@example.com',
      ALLOW_SELF_REGISTRATION: true,
      MIGRATE_ON_START: true,
      WORKER_IN_PROCESS: true,
      INBOUND_AUTO_REGISTER: false,
      WEBHOOK_ALLOW_PRIVATE: false,
      ATTACHMENT_MAX_BYTES: 10485760,
      STORAGE_DIR: '.data/attachments',
      RATE_LIMIT_LOGIN_FAILURES: 10,
      RATE_LIMIT_AUTH_PER_IP: 60,
      RATE_LIMIT_API_PER_MINUTE: 1200,
      LOG_LEVEL: 'info',
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
  });

  it('converts strings to numbers and booleans', () => {
    const env = validateEnvironment({
      PORT: '8080',
      MIGRATE_ON_START: 'false',
      WORKER_IN_PROCESS: '0',
      BCRYPT_COST: '4',
    });
    expect(env.PORT).toBe(8080);
    expect(env.MIGRATE_ON_START).toBe(false);
    expect(env.WORKER_IN_PROCESS).toBe(false);
    expect(env.BCRYPT_COST).toBe(4);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ BCRYPT_COST: '3' }, 'BCRYPT_COST'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ JWT_ACCESS_TTL: 'forever' }, 'JWT_ACCESS_TTL'],
    [{ MIGRATE_ON_START: 'maybe' }, 'MIGRATE_ON_START'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ ADMIN_EMAIL: 'not-an-email' }, 'ADMIN_EMAIL'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ STORAGE_DRIVER: 'ftp' }, 'STORAGE_DRIVER'],
    [{ STORAGE_DRIVER: 's3' }, 'S3_BUCKET'],
    [{ STORAGE_DRIVER: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k' }, 'S3_BUCKET'],
    [{ STORAGE_DRIVER: 's3', S3_BUCKET: 'bucket', S3_ACCESS_KEY_ID: 'k' }, 'S3_SECRET_ACCESS_KEY'],
    [{ S3_ENDPOINT: 'minio:9000' }, 'S3_ENDPOINT'],
    [{ INBOUND_ROUTES: 'billing@example.com' }, 'INBOUND_ROUTES'],
    [{ INBOUND_ROUTES: 'billing@example.com=42' }, 'INBOUND_ROUTES'],
    [{ INBOUND_DEFAULT_DEPARTMENT_ID: 'billing' }, 'INBOUND_DEFAULT_DEPARTMENT_ID'],
  ])('refuses %j naming %s', (raw, variable) => {
    expect(() => validateEnvironment(raw)).toThrow(ConfigurationError);
    try {
      validateEnvironment(raw);
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain(variable);
      expect(message.split('\n')).toHaveLength(1);
    }
  });

  it('treats empty strings as unset for optional URLs', () => {
    expect(validateEnvironment({ DATABASE_URL: '', REDIS_URL: ' ' }).DATABASE_URL).toBeUndefined();
  });
});
