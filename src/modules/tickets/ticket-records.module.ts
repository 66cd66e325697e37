import { Module } from '@nestjs/common';
import { RedisTicketSummaryCache } from './persistence/sql-ticket-references';
import { SqlTicketHistoryRepository } from './persistence/sql-ticket-records.repositories';
import { TicketSummaryCache } from './ticket-summary-cache.port';
import { TicketHistoryRepository } from './ticket-history-repository.port';
import { TicketRecorder } from './ticket-recorder';
import { adapters } from '../../common/di/implements';

/**
 * The ticket records a worker writes without the rest of tickets (no HTTP, no intake): history rows and the
 * write generations behind summary and report caches, and the recorder of history + event pairs. Tickets itself imports and re-exports it.
 */
@Module({
  providers: [...adapters(SqlTicketHistoryRepository, RedisTicketSummaryCache), TicketRecorder],
  exports: [TicketHistoryRepository, TicketSummaryCache, TicketRecorder],
})
export class TicketRecordsModule {}
