import { Module } from '@nestjs/common';
import { AdminSeeder } from './admin-seeder.service';
import { DepartmentCalendarChanges } from './department-calendar-changes';
import { DepartmentsService } from './departments.service';
import { DepartmentsController } from './http/departments.controller';
import { StaffController } from './http/staff.controller';
import { TeamsController } from './http/teams.controller';
import { UsersController } from './http/users.controller';
import { SqlDepartmentRepository } from './persistence/sql-department.repository';
import { SqlStaffRepository } from './persistence/sql-staff.repository';
import { SqlTeamRepository } from './persistence/sql-team.repository';
import { SqlUserAccountRepository } from './persistence/sql-user-account.repository';
import { SqlUserDirectory } from './persistence/sql-user-directory';
import { RedisReferenceCache } from './persistence/redis-reference-cache';
import { StaffService } from './staff.service';
import { TeamsService } from './teams.service';
import { UserDirectory } from './user-directory.port';
import { UserSessionChanges } from './user-session-changes';
import { UsersService } from './users.service';
import { adapters } from '../../common/di/implements';

/** What other modules use of org, provided and exported from one list. */
const SHARED = [
  UserSessionChanges,
  DepartmentCalendarChanges,
  DepartmentsService,
  TeamsService,
  UsersService,
  StaffService,
];

@Module({
  controllers: [DepartmentsController, TeamsController, UsersController, StaffController],
  providers: [
    ...adapters(
      SqlUserDirectory,
      SqlDepartmentRepository,
      SqlTeamRepository,
      SqlUserAccountRepository,
      SqlStaffRepository,
      RedisReferenceCache,
    ),
    ...SHARED,
    AdminSeeder,
  ],
  exports: [UserDirectory, ...SHARED],
})
export class OrgModule {}
