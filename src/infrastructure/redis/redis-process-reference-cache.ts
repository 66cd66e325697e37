import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { ProcessReferenceCache } from '../../common/cache/process-reference-cache';
import { ReferenceEntries } from '../../common/cache/reference-entries';
import { Implements } from '../../common/di/implements';
import { redisConfig } from '../../config/configuration';
import { FailOpenRedis } from './fail-open-redis';

/** The channel every process of a deployment hears reference data changes on (channels take no key prefix). */
export const referenceChangesChannel = (keyPrefix: string): string => `${keyPrefix}reference:changed`;

/**
 * Reference data kept in this process, dropped on every change: at once for a change made here, and on the word of
 * another process on a Redis channel (each message says which process sent it, so a process skips its own). Values
 * are kept only while this process listens: until its subscription is confirmed, and from the moment the connection
 * drops until it is confirmed again, every read loads (so a message missed meanwhile cannot leave stale data), and a
 * (re)confirmed subscription drops everything first. REFERENCE_CACHE_TTL_MS bounds the rest (a writer that could not
 * publish). Redis trouble never fails a read or a write.
 */
@Implements(ProcessReferenceCache)
@Injectable()
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

  constructor(
    @Inject(Redis) private readonly redis: Redis,
    @Inject(redisConfig.KEY) config: ConfigType<typeof redisConfig>,
  ) {
    super();
    this.entries = new ReferenceEntries(config.referenceCacheTtlMs);
    this.channel = referenceChangesChannel(config.keyPrefix);
    this.publisher = new FailOpenRedis(redis, 'reference_cache');
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
    await this.publisher.run((redis) => redis.publish(this.channel, this.self), 0, {
      failed: (error) =>
        this.logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'could not announce a reference data change; other processes drop theirs within REFERENCE_CACHE_TTL_MS',
        ),
    });
  }

  onModuleInit(): void {
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
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    this.listening = false;
    if (!subscriber) return;
    if (subscriber.status !== 'ready') return subscriber.disconnect();
    await subscriber.quit().catch(() => subscriber.disconnect());
  }
}
