import { Module } from '@nestjs/common';
import { TicketsModule } from '../tickets/tickets.module';
import { ReportsController } from './http/reports.controller';
import { RedisReportCache } from './persistence/redis-report-cache';
import { SqlReportRepository } from './persistence/sql-report.repository';
import { ReportCache } from './report-cache.port';
import { ReportRepository } from './report-repository.port';
import { ReportsService } from './reports.service';

/** Summary and agent reports, in SQL, cached in Redis under the tickets' write generation. */
@Module({
  imports: [TicketsModule],
  controllers: [ReportsController],
  providers: [
    ReportsService,
    { provide: ReportRepository, useClass: SqlReportRepository },
    { provide: ReportCache, useClass: RedisReportCache },
  ],
})
export class ReportsModule {}
