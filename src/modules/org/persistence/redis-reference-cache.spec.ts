import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { Department } from '../domain/department';
import { RedisReferenceCache } from './redis-reference-cache';

const department = (name: string): Department => ({
  id: 'd1',
  name,
  description: null,
  autoAssign: false,
  calendarId: null,
  isActive: true,
  createdAt: new Date('2026-01-01T00:00:00.000Z'),
  updatedAt: new Date('2026-01-02T00:00:00.000Z'),
});

/** An in-memory stand-in for the few commands the cache uses. */
class FakeRedis {
  readonly store = new Map<string, string>();
  failing = false;
  /** what ioredis reports; the cache does not even try while it is not 'ready' */
  status = 'ready';

  get(key: string): Promise<string | null> {
    return this.run(() => this.store.get(key) ?? null);
  }
  set(key: string, value: string): Promise<'OK'> {
    return this.run(() => {
      this.store.set(key, value);
      return 'OK' as const;
    });
  }
  incr(key: string): Promise<number> {
    return this.run(() => {
      const next = Number(this.store.get(key) ?? '0') + 1;
      this.store.set(key, String(next));
      return next;
    });
  }
  private run<T>(command: () => T): Promise<T> {
    return this.failing ? Promise.reject(new Error('connect ECONNREFUSED')) : Promise.resolve(command());
  }
}

describe('ReferenceCache', () => {
  let redis: FakeRedis;
  let cache: RedisReferenceCache;
  let rows: Department[];
  let loads: number;
  const load = () => {
    loads += 1;
    return Promise.resolve(rows);
  };

  beforeEach(() => {
    redis = new FakeRedis();
    cache = new RedisReferenceCache(redis as unknown as Redis);
    rows = [department('Support')];
    loads = 0;
  });

  it('loads once, then serves from Redis with dates revived', async () => {
    expect(await cache.departments(load)).toEqual(rows);
    const second = await cache.departments(load);
    expect(second).toEqual(rows);
    expect(second[0].createdAt).toBeInstanceOf(Date);
    expect(loads).toBe(1);
  });

  it('reloads after an invalidation', async () => {
    await cache.departments(load);
    rows = [department('Renamed')];
    expect((await cache.departments(load))[0].name).toBe('Support');
    await cache.invalidateDepartments();
    expect((await cache.departments(load))[0].name).toBe('Renamed');
    expect(loads).toBe(2);
  });

  it('never lets a reader that loaded before a write fill the list readers see after it', async () => {
    const stale = [department('Before')];
    // the reader reads the version, then the write commits and invalidates, then the reader stores what it loaded
    await cache.departments(async () => {
      await cache.invalidateDepartments();
      return stale;
    });
    rows = [department('After')];
    expect((await cache.departments(load))[0].name).toBe('After');
  });

  it('falls back to the database when Redis fails, and invalidation does not throw', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    redis.failing = true;
    expect(await cache.departments(load)).toEqual(rows);
    expect(await cache.departments(load)).toEqual(rows);
    expect(loads).toBe(2);
    await expect(cache.invalidateDepartments()).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(3);
    warn.mockRestore();
  });

  it('does not wait on a disconnected client: reads go straight to the database', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    redis.status = 'reconnecting';
    redis.failing = true; // any command sent would fail
    expect(await cache.departments(load)).toEqual(rows);
    expect(loads).toBe(1);
    await expect(cache.invalidateDepartments()).resolves.toBeUndefined();
    warn.mockRestore();
  });

  it('keeps departments and teams apart', async () => {
    await cache.departments(load);
    let teamLoads = 0;
    await cache.teams(() => {
      teamLoads += 1;
      return Promise.resolve([]);
    });
    await cache.invalidateTeams();
    await cache.departments(load);
    expect(loads).toBe(1);
    expect(teamLoads).toBe(1);
  });
});
