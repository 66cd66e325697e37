import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { BackgroundScheduler } from '../src/infrastructure/queue/background-scheduler';
import { unique } from './support/factories';
import { eventually } from './support/webhook-receiver';

/** A job scheduler survives a Redis that comes back without it (a failover to a replica without the data). */
describe('BackgroundScheduler (e2e, real Redis)', () => {
  const prefix = `${process.env.REDIS_KEY_PREFIX}${unique('sched')}`;
  let queue: Queue;
  let redis: Redis;
  let scheduler: BackgroundScheduler | undefined;

  beforeAll(() => {
    queue = new Queue('housekeeping', {
      connection: new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null }),
      prefix,
    });
    redis = new Redis(process.env.REDIS_URL!);
  });
  afterAll(async () => {
    scheduler?.stop();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await queue.close();
    redis.disconnect();
  });

  it('registers the scheduler, and registers it again once Redis has lost it', async () => {
    scheduler = new BackgroundScheduler(queue, 'prune', new Logger('test'), 300);
    scheduler.start({ every: 3_600_000 }, { name: 'prune' });
    await eventually(
      async () => (await queue.getJobScheduler('prune')) !== undefined,
      10_000,
      'the scheduler',
    );

    // Redis loses everything of this queue
    const keys = await redis.keys(`${prefix}:*`);
    await redis.del(...keys);
    expect(await queue.getJobScheduler('prune')).toBeFalsy();

    const back = await eventually(
      async () => (await queue.getJobScheduler('prune')) ?? undefined,
      10_000,
      'the scheduler again',
    );
    expect(back).toMatchObject({ key: 'prune', every: 3_600_000 });
  });
});
