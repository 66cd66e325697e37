import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { TicketsModule } from '../tickets/tickets.module';
import { EventHub } from './event-hub.service';
import { EventLog } from './event-log.port';
import { EventStreamService } from './event-stream.service';
import { EventsController } from './http/events.controller';
import { LiveFeed } from './live-feed.port';
import { RedisLiveFeed } from './persistence/redis-live-feed';
import { RedisStreamTokens } from './persistence/redis-stream-tokens';
import { SqlEventLog } from './persistence/sql-event-log';
import { StreamTokens } from './stream-tokens.port';

/** `GET /events/stream`: Server-Sent Events fed by the outbox relay's live channel. The api process only. */
@Module({
  imports: [AuthModule, TicketsModule],
  controllers: [EventsController],
  providers: [
    EventHub,
    EventStreamService,
    { provide: EventLog, useClass: SqlEventLog },
    { provide: LiveFeed, useClass: RedisLiveFeed },
    { provide: StreamTokens, useClass: RedisStreamTokens },
  ],
})
export class RealtimeModule {}
