import { ErrorCode } from '../../../common/errors/error-codes';
import { Body, Query } from '@nestjs/common';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { Resource, Route } from '../../../common/http/route.decorator';
import { UsersService } from '../users.service';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserResponseDto } from './user.dto';
import { toUserResponse } from './user.mapper';
import { IdParam } from '../../../common/http/id-param.pipe';
import { Deactivation } from './org-routes';
import { ADMINS } from '../../../common/auth/role';

const UserId = () => IdParam('User');

@Resource('users', 'users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Route.list('', UserResponseDto, {
    access: ADMINS,
    summary:
      'Active users by email (all with includeInactive=true), filtered by role, activity and an email/name prefix.',
  })
  async list(@Query() query: ListUsersQueryDto) {
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

  @Route.one(':id', UserResponseDto, { summary: 'One user, deactivated ones included.', access: ADMINS })
  async get(@UserId() id: string) {
    return toUserResponse(await this.users.get(id));
  }

  @Route.create('', UserResponseDto, {
    access: ADMINS,
    summary: 'Creates a user of any role; AGENT and TEAM_LEAD need a department.',
    conflict:
      'CONFLICT: the email is taken, the team belongs to another department, or the department or team is deactivated',
    badRequest: 'VALIDATION_ERROR, e.g. a staff role without departmentId',
  })
  async create(@Body() body: CreateUserDto) {
    return toUserResponse(await this.users.create(body));
  }

  @Route.patch(':id', UserResponseDto, {
    access: ADMINS,
    summary: "A role change or a deactivation takes effect on the user's next request.",
    conflict:
      'CONFLICT: the team belongs to another department, the department or team is deactivated, ' +
      "or an ADMIN's demotion or deactivation would leave no other active ADMIN, or the caller is no longer one",
    forbidden: 'deactivating yourself, or removing your own ADMIN role',
  })
  async update(@CurrentActor() actor: Actor, @UserId() id: string, @Body() body: UpdateUserDto) {
    return toUserResponse(await this.users.update(actor, id, body));
  }

  @Deactivation('Deactivates the user (the row stays) and ends every session of theirs.', {
    errors: [
      [
        ErrorCode.CONFLICT,
        "an ADMIN's deactivation would leave no other active ADMIN, or the caller is no longer one " +
          '(a concurrent change took their ADMIN role or account)',
      ],
    ],
    forbidden: 'deactivating yourself',
  })
  async deactivate(@CurrentActor() actor: Actor, @UserId() id: string) {
    await this.users.deactivate(actor, id);
  }
}
