import { Body, Query } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { Roles } from '../../../common/auth/roles.decorator';
import { Resource, Route } from '../../../common/http/route.decorator';
import { Role } from '../domain/role';
import { StaffService } from '../staff.service';
import { ListStaffQueryDto, StaffResponseDto, UpdateStaffDto } from './staff.dto';
import { toStaffResponse } from './staff.mapper';
import { IdParam } from '../../../common/http/id-param.pipe';

@Resource('staff', 'staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Route.list('', StaffResponseDto, {
    access: [Role.ADMIN, Role.TEAM_LEAD],
    summary:
      "Staff by name; a TEAM_LEAD sees their own department's only. Deactivated users with includeInactive=true.",
  })
  async list(@CurrentActor() user: Actor, @Query() query: ListStaffQueryDto) {
    const page = await this.staff.list(
      user,
      {
        departmentId: query.departmentId,
        teamId: query.teamId,
        role: query.role,
        available: query.available,
        includeInactive: query.includeInactive ?? false,
      },
      query,
    );
    return page.map(toStaffResponse);
  }

  @Roles(Role.ADMIN, Role.TEAM_LEAD)
  @ApiForbiddenResponse({ description: 'FORBIDDEN: a team lead changing another field or a non-agent' })
  @Route.patch(':userId', StaffResponseDto, {
    summary:
      'ADMIN: any field of anyone (a department makes a user staff). TEAM_LEAD: only `available` and `teamId` of the\n' +
      'agents of their department.',
    notFound: "no such staff member in the caller's scope",
    conflict:
      "CONFLICT: the team belongs to another department than the member's, the department or team is deactivated, " +
      "or an ADMIN's demotion would leave no other active ADMIN, or the caller is no longer one",
    forbidden: 'an ADMIN removing their own ADMIN role',
  })
  async update(
    @CurrentActor() user: Actor,
    @IdParam('Staff member', 'userId') userId: string,
    @Body() body: UpdateStaffDto,
  ) {
    return toStaffResponse(await this.staff.change(user, userId, body));
  }
}
