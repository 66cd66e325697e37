import { Module } from '@nestjs/common';
import { TicketsModule } from '../tickets/tickets.module';
import { AssignmentDirectory } from './assignment-directory.port';
import { AssignmentService } from './assignment.service';
import { TicketAssignment } from './ticket-assignment.port';
import { AutoAssignmentService } from './auto-assignment.service';
import { AssignmentController } from './http/assignment.controller';
import { RedisRotationCounter } from './persistence/redis-rotation-counter';
import { SqlAssignmentDirectory } from './persistence/sql-assignment-directory';
import { RotationCounter } from './rotation-counter.port';
import { RoundRobinService } from './round-robin.service';

/** Manual, team and round-robin assignment, and auto-assignment of new tickets (a reaction to ticket events). */
@Module({
  imports: [TicketsModule],
  controllers: [AssignmentController],
  providers: [
    AssignmentService,
    RoundRobinService,
    AutoAssignmentService,
    { provide: AssignmentDirectory, useClass: SqlAssignmentDirectory },
    { provide: RotationCounter, useClass: RedisRotationCounter },
    { provide: TicketAssignment, useExisting: AssignmentService },
  ],
  exports: [TicketAssignment],
})
export class AssignmentModule {}
