import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { OrgModule } from '../org/org.module';
import { TicketsModule } from '../tickets/tickets.module';
import { BusinessCalendarsService } from './business-calendars.service';
import { SlaController } from './http/sla.controller';
import { SqlBusinessCalendarRepository } from './persistence/sql-business-calendar.repository';
import { SqlSlaPolicyRepository } from './persistence/sql-sla-policy.repository';
import { SqlBreachRepository, SqlTicketClockRepository } from './persistence/sql-ticket-clock.repository';
import { SlaBreachService } from './sla-breach.service';
import { SlaPoliciesService } from './sla-policies.service';
import { TicketClockService } from './ticket-clock.service';
import { adapters } from '../../common/di/implements';

/** The api side of SLA: policies and calendars (ADMIN), and each ticket's clock, kept in the ticket's transactions. */
@Module({
  imports: [TicketsModule, CatalogModule, OrgModule],
  controllers: [SlaController],
  providers: [
    SlaPoliciesService,
    BusinessCalendarsService,
    TicketClockService,
    SlaBreachService,
    ...adapters(
      SqlSlaPolicyRepository,
      SqlBusinessCalendarRepository,
      SqlTicketClockRepository,
      SqlBreachRepository,
    ),
  ],
})
export class SlaModule {}
