import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Job } from 'bullmq';
import { Queue } from './closable-queues';
import Redis from 'ioredis';
import { ServiceUnavailableError } from '../../common/errors/domain-errors';
import { redisConfig, RedisConfig } from '../../config/configuration';
import { redisOptionsFromUrl } from '../redis/redis-options';
import { existingAmong } from '../redis/pipelined-exists';
import { bullPrefix, QUEUE_NAMES, QueueName } from './queue-names';

/** How many jobs a queue holds in each state that an operator watches. */
export interface QueueDepth {
  queue: QueueName;
  /** ready to run: plain waiting and prioritized */
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** A failed job's place in its queue's failed set (newest first). */
export interface FailedJobRef {
  queue: QueueName;
  id: string;
  failedAt: number;
}

const REDIS_TIMEOUT_MS = 3000;
const CLEAN_BATCH = 1000;

/** Which of these job ids `queue` still holds, in any state: one EXISTS per job hash, pipelined. */
export async function presentJobIds(queue: Queue, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const pipeline = (await queue.client).pipeline();
  for (const id of ids) pipeline.runCommand('exists', [queue.toKey(id)]);
  return existingAmong(ids, await pipeline.exec());
}

/** connection states in which a command would only wait in the offline queue */
const DOWN = new Set(['reconnecting', 'close', 'end']);

/**
 * Read and repair access to every queue of the service, whichever process this is (the api without a worker too):
 * depth for /metrics, the failed sets for the admin view, retries and the pruning of old failures. The queues share
 * one Redis connection, opened on first use; every call gives up after a few seconds when Redis is away.
 */
@Injectable()
export class JobQueues implements OnApplicationShutdown {
  private connection?: Redis;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(@Inject(redisConfig.KEY) private readonly config: RedisConfig) {}

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      this.connection ??= new Redis({ ...redisOptionsFromUrl(this.config.url), maxRetriesPerRequest: null });
      this.connection.on('error', () => undefined); // reported by readiness and the calls that time out
      queue = new Queue(name, { connection: this.connection, prefix: bullPrefix(this.config.keyPrefix) });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async depths(): Promise<QueueDepth[]> {
    return this.call('queue depths', () =>
      Promise.all(
        QUEUE_NAMES.map(async (name) => {
          const c = await this.queue(name).getJobCounts('wait', 'prioritized', 'active', 'delayed', 'failed');
          return {
            queue: name,
            waiting: (c.wait ?? 0) + (c.prioritized ?? 0),
            active: c.active ?? 0,
            delayed: c.delayed ?? 0,
            failed: c.failed ?? 0,
          };
        }),
      ),
    );
  }

  /** The newest `count` failures of each given queue, merged newest first, and how many failures they hold. */
  async newestFailed(
    names: readonly QueueName[],
    count: number,
  ): Promise<{ refs: FailedJobRef[]; total: number }> {
    return this.call('failed jobs', async () => {
      const perQueue = await Promise.all(
        names.map(async (name) => {
          const queue = this.queue(name);
          const client = await queue.client;
          const key = queue.toKey('failed');
          const [total, flat] = await Promise.all([
            client.zcard(key),
            count > 0 ? client.zrevrange(key, 0, count - 1, { WITHSCORES: true }) : Promise.resolve([]),
          ]);
          const refs: FailedJobRef[] = [];
          for (let i = 0; i < flat.length; i += 2)
            refs.push({ queue: name, id: flat[i], failedAt: Number(flat[i + 1]) });
          return { total, refs };
        }),
      );
      const refs = perQueue
        .flatMap((q) => q.refs)
        .sort(
          (a, b) => b.failedAt - a.failedAt || a.queue.localeCompare(b.queue) || a.id.localeCompare(b.id),
        );
      return { refs: refs.slice(0, count), total: perQueue.reduce((n, q) => n + q.total, 0) };
    });
  }

  /** Which of these job ids the queue still holds, in any state (one pipelined round trip). */
  async present(name: QueueName, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    return this.call('job presence', () => presentJobIds(this.queue(name), ids));
  }

  job(name: QueueName, id: string): Promise<Job | undefined> {
    return this.call('job', () => this.queue(name).getJob(id));
  }

  /** Puts a failed job back in line; false when it is not (or no longer) failed. */
  async retryFailed(name: QueueName, id: string): Promise<{ retried: boolean; state: string }> {
    return this.call('retry', async () => {
      const job = await this.queue(name).getJob(id);
      if (!job) return { retried: false, state: 'missing' };
      const state = await job.getState();
      if (state !== 'failed') return { retried: false, state };
      try {
        await job.retry('failed');
      } catch (err) {
        // another retry (or a prune) took it out of the failed set after the check: BullMQ throws a plain Error then
        const now = (await this.queue(name).getJob(id)) ? await job.getState() : 'missing';
        if (now !== 'failed') return { retried: false, state: now };
        throw err;
      }
      return { retried: true, state: await job.getState() };
    });
  }

  /** Removes failures older than `olderThanMs` from every queue; returns how many went. */
  async pruneFailed(olderThanMs: number): Promise<number> {
    let removed = 0;
    for (const name of QUEUE_NAMES) {
      for (;;) {
        const gone = await this.call('clean', () =>
          this.queue(name).clean(olderThanMs, CLEAN_BATCH, 'failed'),
        );
        removed += gone.length;
        if (gone.length < CLEAN_BATCH) break;
      }
    }
    return removed;
  }

  /** Runs `work` against Redis, failing at once while it is known to be away and after a few seconds otherwise. */
  private call<T>(what: string, work: () => Promise<T>): Promise<T> {
    if (this.connection && DOWN.has(this.connection.status))
      return Promise.reject(new ServiceUnavailableError(`Redis is not connected (${what})`));
    const running = work();
    running.catch(() => undefined); // if the timeout wins, a late failure must not go unhandled
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ServiceUnavailableError(`Redis did not answer (${what})`)),
        REDIS_TIMEOUT_MS,
      );
    });
    return Promise.race([running, timeout]).finally(() => clearTimeout(timer));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    this.queues.clear();
    if (this.connection?.status === 'ready') await this.connection.quit().catch(() => undefined);
    this.connection?.disconnect();
  }
}
