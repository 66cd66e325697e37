import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminSeeder } from './admin-seeder.service';
import { DepartmentCalendarChanges } from './department-calendar-changes';
import { DepartmentRepository } from './department.repository';
import { DepartmentsService } from './departments.service';
import { DepartmentsController } from './http/departments.controller';
import { StaffController } from './http/staff.controller';
import { TeamsController } from './http/teams.controller';
import { UsersController } from './http/users.controller';
import { DepartmentEntity } from './persistence/department.entity';
import { StaffProfileEntity } from './persistence/staff-profile.entity';
import { TeamEntity } from './persistence/team.entity';
import { TypeOrmDepartmentRepository } from './persistence/typeorm-department.repository';
import { TypeOrmStaffRepository } from './persistence/typeorm-staff.repository';
import { TypeOrmTeamRepository } from './persistence/typeorm-team.repository';
import { TypeOrmUserAccountRepository } from './persistence/typeorm-user-account.repository';
import { TypeOrmUserDirectory } from './persistence/typeorm-user-directory';
import { TypeOrmUserRepository } from './persistence/typeorm-user.repository';
import { UserEntity } from './persistence/user.entity';
import { ReferenceCache } from './reference-cache';
import { StaffRepository } from './staff.repository';
import { StaffService } from './staff.service';
import { TeamRepository } from './team.repository';
import { TeamsService } from './teams.service';
import { UserAccountRepository } from './user-account.repository';
import { UserDirectory } from './user-directory';
import { UserSessionChanges } from './user-session-changes';
import { UserRepository } from './user.repository';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, DepartmentEntity, TeamEntity, StaffProfileEntity])],
  controllers: [DepartmentsController, TeamsController, UsersController, StaffController],
  providers: [
    { provide: UserRepository, useClass: TypeOrmUserRepository },
    { provide: UserDirectory, useClass: TypeOrmUserDirectory },
    { provide: DepartmentRepository, useClass: TypeOrmDepartmentRepository },
    { provide: TeamRepository, useClass: TypeOrmTeamRepository },
    { provide: UserAccountRepository, useClass: TypeOrmUserAccountRepository },
    { provide: StaffRepository, useClass: TypeOrmStaffRepository },
    ReferenceCache,
    UserSessionChanges,
    DepartmentCalendarChanges,
    DepartmentsService,
    TeamsService,
    UsersService,
    StaffService,
    AdminSeeder,
  ],
  exports: [
    UserRepository,
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
