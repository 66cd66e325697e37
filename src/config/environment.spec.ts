import { ConfigurationError, validateEnvironment } from './environment';

/** Values each variable refuses on its own, the error naming it. */
const INVALID: Record<string, string[]> = {
  PORT: ['eighty', '70000'],
  DATABASE_URL: ['mysql://x'],
  REDIS_URL: ['http://x'],
  BCRYPT_COST: ['3'],
  JWT_SECRET: ['short'],
  JWT_ACCESS_TTL: ['forever'],
  MIGRATE_ON_START: ['maybe'],
  LOG_LEVEL: ['loud'],
  ADMIN_EMAIL: ['not-an-email'],
  STORAGE_DRIVER: ['ftp'],
  RATE_LIMIT_FORGOT_PER_HOUR: ['0', 'five'],
  S3_ENDPOINT: ['minio:9000'],
  INBOUND_ROUTES: ['billing@example.com', 'billing@example.com=42'],
  INBOUND_DEFAULT_DEPARTMENT_ID: ['billing'],
  // true trusted every hop, so any client could write its own IP into X-Forwarded-For
  TRUST_PROXY: [
    'true',
    'yes',
    'on',
    '11',
    '-1',
    '10.0.0.0/33',
    '10.0.0.0/8,lb.internal',
    'fe80::1/129',
    '0.0.0.0/0',
    '::/0',
    '10.0.0.0/255.0.255.0',
    '10.0.0.0/0.0.0.0',
  ],
};

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
      RATE_LIMIT_FORGOT_PER_HOUR: 5,
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

  it.each<[Record<string, string>, string]>([
    ...Object.entries(INVALID).flatMap(([name, values]) =>
      values.map((v): [Record<string, string>, string] => [{ [name]: v }, name]),
    ),
    // what a combination lacks
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ STORAGE_DRIVER: 's3' }, 'S3_BUCKET'],
    [{ STORAGE_DRIVER: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k' }, 'S3_BUCKET'],
    [{ STORAGE_DRIVER: 's3', S3_BUCKET: 'bucket', S3_ACCESS_KEY_ID: 'k' }, 'S3_SECRET_ACCESS_KEY'],
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

  it('reads TRUST_PROXY as no trust, a hop count or a list of proxy addresses and CIDRs', () => {
    const trust = (value?: string) =>
      validateEnvironment(value === undefined ? {} : { TRUST_PROXY: value }).TRUST_PROXY;
    expect(trust()).toBe(false);
    for (const off of ['false', '0', 'off', '']) expect(trust(off)).toBe(false);
    expect(trust('1')).toBe(1);
    expect(trust(' 2 ')).toBe(2);
    expect(trust('10.0.0.0/8, 192.168.1.7,fd00::/8, 10.1.0.0/255.255.0.0,loopback')).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      'fd00::/8',
      '10.1.0.0/255.255.0.0',
      'loopback',
    ]);
    expect(() => validateEnvironment({ TRUST_PROXY: 'true' })).toThrow(
      /TRUST_PROXY must be false, the number of proxies in front of the service/,
    );
  });

  it('treats empty strings as unset for optional URLs', () => {
    expect(validateEnvironment({ DATABASE_URL: '', REDIS_URL: ' ' }).DATABASE_URL).toBeUndefined();
  });
});
