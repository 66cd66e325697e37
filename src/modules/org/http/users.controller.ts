import { ErrorCode } from '../../../common/errors/error-codes';
import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { Roles } from '../../../common/auth/roles.decorator';
import { ApiCreated, ApiList, ApiOne } from '../../../common/http/api-route.decorator';
import { Page } from '../../../common/pagination/page';
import { Role } from '../domain/role';
import { UsersService } from '../users.service';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserResponseDto } from './user.dto';
import { toUserResponse } from './user.mapper';
import { IdParam } from '../../../common/http/id-param.pipe';
import { ApiDeactivation } from './org-routes';

const UserId = () => IdParam('User');

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles(Role.ADMIN)
  @ApiList(UserResponseDto, {
    summary:
      'Active users by email (all with includeInactive=true), filtered by role, activity and an email/name prefix.',
  })
  async list(@Query() query: ListUsersQueryDto): Promise<Page<UserResponseDto>> {
    const page = await this.users.list(
      {
        role: query.role,
        isActive: query.isActive,
        includeInactive: query.includeInactive ?? false,
        q: query.q || undefined,
      },
      query,
    );
    return page.map(toUserResponse);
  }

  @Get(':id')
  @Roles(Role.ADMIN)
  @ApiOne(UserResponseDto, { summary: 'One user, deactivated ones included.' })
  async get(@UserId() id: string): Promise<UserResponseDto> {
    return toUserResponse(await this.users.get(id));
  }

  @Post()
  @Roles(Role.ADMIN)
  @ApiCreated(UserResponseDto, {
    summary: 'Creates a user of any role; AGENT and TEAM_LEAD need a department.',
    conflict:
      'CONFLICT: the email is taken, the team belongs to another department, or the department or team is deactivated',
    badRequest: 'VALIDATION_ERROR, e.g. a staff role without departmentId',
  })
  async create(@Body() body: CreateUserDto): Promise<UserResponseDto> {
    const user = await this.users.create({
      email: body.email,
      password: body.password,
      fullName: body.fullName,
      role: body.role,
      departmentId: body.departmentId,
      teamId: body.teamId,
    });
    return toUserResponse(user);
  }

  @Patch(':id')
  @Roles(Role.ADMIN)
  @ApiOne(UserResponseDto, {
    summary: "A role change or a deactivation takes effect on the user's next request.",
    conflict:
      'CONFLICT: the team belongs to another department, the department or team is deactivated, ' +
      "or an ADMIN's demotion or deactivation would leave no other active ADMIN, or the caller is no longer one",
    errors: [[ErrorCode.FORBIDDEN, 'deactivating yourself, or removing your own ADMIN role']],
  })
  async update(
    @CurrentActor() actor: Actor,
    @UserId() id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserResponseDto> {
    const user = await this.users.update(actor, id, {
      fullName: body.fullName,
      role: body.role,
      isActive: body.isActive,
      departmentId: body.departmentId,
      teamId: body.teamId,
    });
    return toUserResponse(user);
  }

  @Delete(':id')
  @Roles(Role.ADMIN)
  @HttpCode(204)
  @ApiDeactivation('Deactivates the user (the row stays) and ends every session of theirs.', {
    errors: [
      [ErrorCode.FORBIDDEN, 'deactivating yourself'],
      [
        ErrorCode.CONFLICT,
        "an ADMIN's deactivation would leave no other active ADMIN, or the caller is no longer one " +
          '(a concurrent change took their ADMIN role or account)',
      ],
    ],
  })
  async deactivate(@CurrentActor() actor: Actor, @UserId() id: string): Promise<void> {
    await this.users.deactivate(actor, id);
  }
}
