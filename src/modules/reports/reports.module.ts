import { Module } from '@nestjs/common';
import { TicketsModule } from '../tickets/tickets.module';
import { ReportsController } from './http/reports.controller';
import { RedisReportCache } from './persistence/redis-report-cache';
import { SqlReportRepository } from './persistence/sql-report.repository';
import { ReportsService } from './reports.service';
import { adapters } from '../../common/di/implements';

/** Summary and agent reports, in SQL, cached in Redis under the tickets' write generation. */
@Module({
  imports: [TicketsModule],
  controllers: [ReportsController],
  providers: [ReportsService, ...adapters(SqlReportRepository, RedisReportCache)],
})
export class ReportsModule {}
