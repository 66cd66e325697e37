import { Inject, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { ProcessReferenceCache } from '../../common/cache/process-reference-cache';
import { ReferenceEntries } from '../../common/cache/reference-entries';
import { Implements } from '../../common/di/implements';
import { redisConfig } from '../../config/configuration';
import { MetricsService } from '../metrics/metrics.service';
import { FailOpenRedis } from './fail-open-redis';

/** The channel every process of a deployment hears reference data changes on (channels take no key prefix). */
export const referenceChangesChannel = (keyPrefix: string): string => `${keyPrefix}reference:changed`;

/** How long after a failed announcement (on a connected client) it is tried again. */
const RETRY_MS = 1_000;
/**
 * Longest an announcement is waited for: it runs after the write committed, on the request's time, and a half-open
 * connection would never answer. One not answered by then counts as failed (pending, tried again).
 */
export const ANNOUNCE_TIMEOUT_MS = 250;

/** `work`, or a rejection once `ms` have passed without its answer */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Reference data kept in this process, dropped on every change: at once for a change made here, and on the word of
 * another process on a Redis channel (each message says which process sent it, so a process skips its own). Values
 * are kept only while this process listens: until its subscription is confirmed, and from the moment the connection
 * drops until it is confirmed again, every read loads (so a message missed meanwhile cannot leave stale data), and a
 * (re)confirmed subscription drops everything first. A change whose announcement was skipped (the shared client not
 * connected), failed, or was not answered within ANNOUNCE_TIMEOUT_MS stays pending: it is announced when the shared
 * client is ready again, and a failed one is
 * tried again every RETRY_MS meanwhile. REFERENCE_CACHE_TTL_MS bounds the rest (a writer that stopped before it could
 * announce): until then other processes may give new tickets targets from the old data. Redis trouble never fails a
 * read or a write.
 */
@Implements(ProcessReferenceCache)
export class RedisProcessReferenceCache
  extends ProcessReferenceCache
  implements OnModuleInit, OnApplicationShutdown
{
  private readonly logger = new Logger(RedisProcessReferenceCache.name);
  private readonly entries: ReferenceEntries;
  private readonly channel: string;
  private readonly self = randomUUID();
  private readonly publisher: FailOpenRedis;
  private subscriber?: Redis;
  /** whether the subscription is confirmed on the current connection */
  private listening = false;
  /** a change made here that other processes have not been told of yet */
  private pending = false;
  /** whether the last announcement failed (logged once until one gets through) */
  private unannounced = false;
  private retry?: NodeJS.Timeout;
  private closed = false;
  private readonly announcePending = (): void => void this.announce();
  private readonly announcementFailed: () => void;
  /** callers of whenListening waiting for a confirmed subscription */
  private readonly listeners = new Set<() => void>();

  constructor(
    @Inject(Redis) private readonly redis: Redis,
    @Inject(redisConfig.KEY) config: ConfigType<typeof redisConfig>,
    @Optional() metrics?: MetricsService,
  ) {
    super();
    this.entries = new ReferenceEntries(config.referenceCacheTtlMs);
    this.channel = referenceChangesChannel(config.keyPrefix);
    // a feature of its own: org's RedisReferenceCache is `reference_cache`
    this.publisher = new FailOpenRedis(redis, 'reference_changes');
    const failed = metrics?.counter(
      'reference_change_announcements_failed_total',
      'Announcements of a reference data change (SLA policies, calendars, departments) that Redis did not take: not connected, failed or unanswered; each is tried again',
    );
    this.announcementFailed = () => failed?.inc();
    const cache = this; // eslint-disable-line @typescript-eslint/no-this-alias
    metrics?.gauge(
      'reference_cache_listening',
      'Whether this process hears of reference data changes (1) and so keeps reference data, or reads it afresh each time (0)',
      [],
      function () {
        this.set(cache.listening ? 1 : 0);
      },
    );
  }

  async read<T>(key: string, load: () => Promise<T>): Promise<T> {
    const kept = this.entries.get(key);
    if (kept) return kept.value as T;
    const generation = this.entries.generation;
    const value = await load();
    if (this.listening) this.entries.put(key, value, generation);
    return value;
  }

  async changed(): Promise<void> {
    this.entries.clear();
    this.pending = true;
    await this.announce();
  }

  /** Tells the other processes of the pending change, if any; one not told stays pending (see the class). */
  private async announce(): Promise<void> {
    if (!this.pending || this.closed) return;
    this.pending = false;
    clearTimeout(this.retry);
    this.retry = undefined;
    let reason = 'not connected';
    const sent = await this.publisher.run(
      async (redis) => {
        await within(ANNOUNCE_TIMEOUT_MS, redis.publish(this.channel, this.self));
        return true;
      },
      false,
      { failed: (error) => (reason = error instanceof Error ? error.message : String(error)) },
    );
    if (sent) {
      if (this.unannounced) this.logger.log('announced a reference data change that had been pending');
      this.unannounced = false;
      return;
    }
    this.pending = true;
    this.announcementFailed();
    if (!this.unannounced) {
      this.logger.warn(
        { err: reason },
        'could not announce a reference data change; it is announced once Redis answers (until then other processes may keep the old data, REFERENCE_CACHE_TTL_MS at most)',
      );
    }
    this.unannounced = true;
    // not connected: the shared client's next 'ready' announces it; connected but failed: try again shortly
    if (this.redis.status === 'ready' && !this.retry && !this.closed) {
      this.retry = setTimeout(this.announcePending, RETRY_MS);
      this.retry.unref();
    }
  }

  /**
   * Resolves once this process hears of changes (its subscription is confirmed), at once when it does; rejects when
   * that has not happened within `timeoutMs`. Values are kept only from then on.
   */
  whenListening(timeoutMs = 5_000): Promise<void> {
    if (this.listening) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(done);
        reject(new Error(`reference data changes not heard within ${timeoutMs} ms`));
      }, timeoutMs);
      // a caller that gives up waiting never keeps the process alive
      timer.unref();
      this.listeners.add(done);
    });
  }

  onModuleInit(): void {
    this.redis.on('ready', this.announcePending);
    // subscribed by hand on every connection, so the cache is trusted only once the subscription is confirmed
    const subscriber = this.redis.duplicate({
      lazyConnect: true,
      autoResubscribe: false,
      maxRetriesPerRequest: null,
    });
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined); // the shared client already reports Redis trouble
    subscriber.on('message', (channel: string, sender: string) => {
      if (channel === this.channel && sender !== this.self) this.entries.clear();
    });
    subscriber.on('ready', () => {
      subscriber.subscribe(this.channel).then(
        () => {
          if (this.subscriber !== subscriber || subscriber.status !== 'ready') return;
          this.entries.clear(); // whatever changed while nobody listened
          this.listening = true;
          for (const resolve of this.listeners) resolve();
          this.listeners.clear();
        },
        (err: Error) =>
          this.logger.warn({ err: err.message }, 'reference data changes not heard; it is read each time'),
      );
    });
    subscriber.on('close', () => {
      this.listening = false;
      this.entries.clear();
    });
    // not awaited: with Redis away the process still starts, and reads load until it is back
    subscriber.connect().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    this.redis.off('ready', this.announcePending);
    clearTimeout(this.retry);
    this.retry = undefined;
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    this.listening = false;
    if (!subscriber) return;
    if (subscriber.status !== 'ready') return subscriber.disconnect();
    await subscriber.quit().catch(() => subscriber.disconnect());
  }
}
