import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminSeeder } from './admin-seeder.service';
import { DepartmentEntity } from './persistence/department.entity';
import { StaffProfileEntity } from './persistence/staff-profile.entity';
import { TeamEntity } from './persistence/team.entity';
import { TypeOrmUserRepository } from './persistence/typeorm-user.repository';
import { UserEntity } from './persistence/user.entity';
import { UserRepository } from './user.repository';
import { UserDirectory } from './user-directory';
import { TypeOrmUserDirectory } from './persistence/typeorm-user-directory';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, DepartmentEntity, TeamEntity, StaffProfileEntity])],
  providers: [
    { provide: UserRepository, useClass: TypeOrmUserRepository },
    { provide: UserDirectory, useClass: TypeOrmUserDirectory },
    AdminSeeder,
  ],
  exports: [UserRepository, UserDirectory],
})
export class OrgModule {}
