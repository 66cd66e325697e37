import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { TicketsModule } from '../tickets/tickets.module';
import { EventHub } from './event-hub.service';
import { EventStreamService } from './event-stream.service';
import { EventsController } from './http/events.controller';
import { RedisLiveFeed } from './persistence/redis-live-feed';
import { RedisStreamTokens } from './persistence/redis-stream-tokens';
import { SqlEventLog } from './persistence/sql-event-log';
import { adapters } from '../../common/di/implements';

/** `GET /events/stream`: Server-Sent Events fed by the outbox relay's live channel. The api process only. */
@Module({
  imports: [AuthModule, TicketsModule],
  controllers: [EventsController],
  providers: [EventHub, EventStreamService, ...adapters(SqlEventLog, RedisLiveFeed, RedisStreamTokens)],
})
export class RealtimeModule {}
