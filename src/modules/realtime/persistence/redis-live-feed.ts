import { Inject, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import Redis from 'ioredis';
import { isPrivateEvent } from '../../../common/events/private-events';
import { redisConfig } from '../../../config/configuration';
import { LiveBatchMessage, liveEventsChannel } from '../../../infrastructure/outbox/outbox-live';
import { StreamEvent } from '../domain/stream-event';
import { LiveFeed } from '../live-feed.port';
import { Implements } from '../../../common/di/implements';

/** The relay's live channel on a dedicated subscriber connection (ioredis re-subscribes after reconnects). */
@Implements(LiveFeed)
export class RedisLiveFeed extends LiveFeed {
  private readonly logger = new Logger(RedisLiveFeed.name);
  private readonly channel: string;
  private subscriber?: Redis;

  constructor(
    @Inject(Redis) private readonly redis: Redis,
    @Inject(redisConfig.KEY) config: ConfigType<typeof redisConfig>,
  ) {
    super();
    this.channel = liveEventsChannel(config.keyPrefix);
  }

  start(onEvents: (events: StreamEvent[]) => void): void {
    const subscriber = this.redis.duplicate({ lazyConnect: true, maxRetriesPerRequest: null });
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined); // the shared client already reports Redis trouble
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      try {
        const batch = JSON.parse(message) as LiveBatchMessage;
        onEvents(
          batch.events.map((e) => ({
            seq: e.seq,
            id: e.id,
            type: e.type,
            aggregateId: e.aggregateId,
            actorId: e.actorId,
            data: isPrivateEvent(e.type) ? null : (e.data ?? {}),
            occurredAt: e.occurredAt,
          })),
        );
      } catch (err) {
        this.logger.warn({ error: (err as Error).message }, 'unreadable live event message ignored');
      }
    });
    // not awaited to the end: with Redis away the api still starts, and ioredis subscribes once it connects
    subscriber.subscribe(this.channel).catch((err: Error) => {
      this.logger.warn(
        { error: err.message },
        'live events not subscribed yet; streams catch up from the table',
      );
    });
  }

  async stop(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (!subscriber) return;
    if (subscriber.status !== 'ready') return subscriber.disconnect();
    await subscriber.quit().catch(() => subscriber.disconnect());
  }
}
