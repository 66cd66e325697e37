import { ErrorCode } from '../../../common/errors/error-codes';
import { ApiErrors } from '../../../common/http/api-errors.decorator';
import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { Roles } from '../../../common/auth/roles.decorator';
import { ApiEnvelope, ApiPageEnvelope } from '../../../common/http/api-envelope.decorator';
import { Page } from '../../../common/pagination/page';
import { Role } from '../domain/role';
import { StaffService } from '../staff.service';
import { ListStaffQueryDto, StaffResponseDto, UpdateStaffDto } from './staff.dto';
import { toStaffResponse } from './staff.mapper';
import { IdParam } from '../../../common/http/id-param.pipe';

@ApiTags('staff')
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  /** Staff by name; a TEAM_LEAD sees their own department's only. Deactivated users with includeInactive=true. */
  @Get()
  @Roles(Role.ADMIN, Role.TEAM_LEAD)
  @ApiPageEnvelope(StaffResponseDto)
  async list(
    @CurrentActor() user: Actor,
    @Query() query: ListStaffQueryDto,
  ): Promise<Page<StaffResponseDto>> {
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

  /**
   * ADMIN: any field of anyone (a department makes a user staff). TEAM_LEAD: only `available` and `teamId` of the
   * agents of their department.
   */
  @Patch(':userId')
  @Roles(Role.ADMIN, Role.TEAM_LEAD)
  @ApiEnvelope(StaffResponseDto)
  @ApiForbiddenResponse({ description: 'FORBIDDEN: a team lead changing another field or a non-agent' })
  @ApiNotFoundResponse({ description: "NOT_FOUND: no such staff member in the caller's scope" })
  @ApiConflictResponse({
    description:
      "CONFLICT: the team belongs to another department than the member's, the department or team is deactivated, " +
      "or an ADMIN's demotion would leave no other active ADMIN, or the caller is no longer one",
  })
  @ApiErrors([ErrorCode.FORBIDDEN, 'an ADMIN removing their own ADMIN role'])
  async update(
    @CurrentActor() user: Actor,
    @IdParam('Staff member', 'userId') userId: string,
    @Body() body: UpdateStaffDto,
  ): Promise<StaffResponseDto> {
    const member = await this.staff.change(user, userId, {
      role: body.role,
      departmentId: body.departmentId,
      teamId: body.teamId,
      available: body.available,
    });
    return toStaffResponse(member);
  }
}
