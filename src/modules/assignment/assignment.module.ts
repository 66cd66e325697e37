import { Module } from '@nestjs/common';
import { TicketsModule } from '../tickets/tickets.module';
import { AssignmentService } from './assignment.service';
import { TicketAssignment } from './ticket-assignment.port';
import { AutoAssignmentService } from './auto-assignment.service';
import { AssignmentController } from './http/assignment.controller';
import { RedisRotationCounter } from './persistence/redis-rotation-counter';
import { SqlAssignmentDirectory } from './persistence/sql-assignment-directory';
import { RoundRobinService } from './round-robin.service';
import { adapters } from '../../common/di/implements';

/** Manual, team and round-robin assignment, and auto-assignment of new tickets (a reaction to ticket events). */
@Module({
  imports: [TicketsModule],
  controllers: [AssignmentController],
  providers: [
    AssignmentService,
    RoundRobinService,
    AutoAssignmentService,
    ...adapters(SqlAssignmentDirectory, RedisRotationCounter),
    { provide: TicketAssignment, useExisting: AssignmentService },
  ],
  exports: [TicketAssignment],
})
export class AssignmentModule {}
