import { Module } from '@nestjs/common';
import { AdminSeeder } from './admin-seeder.service';
import { DepartmentCalendarChanges } from './department-calendar-changes';
import { DepartmentRepository } from './department-repository.port';
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
import { ReferenceCache } from './reference-cache.port';
import { RedisReferenceCache } from './persistence/redis-reference-cache';
import { StaffRepository } from './staff-repository.port';
import { StaffService } from './staff.service';
import { TeamRepository } from './team-repository.port';
import { TeamsService } from './teams.service';
import { UserAccountRepository } from './user-account-repository.port';
import { UserDirectory } from './user-directory.port';
import { UserSessionChanges } from './user-session-changes';
import { UsersService } from './users.service';

@Module({
  controllers: [DepartmentsController, TeamsController, UsersController, StaffController],
  providers: [
    { provide: UserDirectory, useClass: SqlUserDirectory },
    { provide: DepartmentRepository, useClass: SqlDepartmentRepository },
    { provide: TeamRepository, useClass: SqlTeamRepository },
    { provide: UserAccountRepository, useClass: SqlUserAccountRepository },
    { provide: StaffRepository, useClass: SqlStaffRepository },
    { provide: ReferenceCache, useClass: RedisReferenceCache },
    UserSessionChanges,
    DepartmentCalendarChanges,
    DepartmentsService,
    TeamsService,
    UsersService,
    StaffService,
    AdminSeeder,
  ],
  exports: [
    UserDirectory,
    UserSessionChanges,
    DepartmentCalendarChanges,
    DepartmentsService,
    TeamsService,
    UsersService,
    StaffService,
  ],
})
export class OrgModule {}
