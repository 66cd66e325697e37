import { ErrorCode } from '../../../common/errors/error-codes';
import { ApiErrors } from '../../../common/http/api-errors.decorator';
import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { Roles } from '../../../common/auth/roles.decorator';
import { ApiEnvelope, ApiPageEnvelope } from '../../../common/http/api-envelope.decorator';
import { Page } from '../../../common/pagination/page';
import { Role } from '../domain/role';
import { UsersService } from '../users.service';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserResponseDto } from './user.dto';
import { toUserResponse } from './user.mapper';
import { IdParam } from '../../../common/http/id-param.pipe';

const UserId = () => IdParam('User');

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Active users by email (all with includeInactive=true), filtered by role, activity and an email/name prefix. */
  @Get()
  @Roles(Role.ADMIN)
  @ApiPageEnvelope(UserResponseDto)
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

  /** One user, deactivated ones included. */
  @Get(':id')
  @Roles(Role.ADMIN)
  @ApiEnvelope(UserResponseDto)
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async get(@UserId() id: string): Promise<UserResponseDto> {
    return toUserResponse(await this.users.get(id));
  }

  /** Creates a user of any role; AGENT and TEAM_LEAD need a department. */
  @Post()
  @Roles(Role.ADMIN)
  @ApiEnvelope(UserResponseDto, 201)
  @ApiBadRequestResponse({ description: 'VALIDATION_ERROR, e.g. a staff role without departmentId' })
  @ApiConflictResponse({
    description:
      'CONFLICT: the email is taken, the team belongs to another department, or the department or team is deactivated',
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

  /** A role change or a deactivation takes effect on the user's next request. */
  @Patch(':id')
  @Roles(Role.ADMIN)
  @ApiEnvelope(UserResponseDto)
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({
    description:
      'CONFLICT: the team belongs to another department, the department or team is deactivated, ' +
      "or an ADMIN's demotion or deactivation would leave no other active ADMIN, or the caller is no longer one",
  })
  @ApiErrors([ErrorCode.FORBIDDEN, 'deactivating yourself, or removing your own ADMIN role'])
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

  /** Deactivates the user (the row stays) and ends every session of theirs. */
  @Delete(':id')
  @Roles(Role.ADMIN)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deactivated' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiErrors(
    [ErrorCode.FORBIDDEN, 'deactivating yourself'],
    [
      ErrorCode.CONFLICT,
      "an ADMIN's deactivation would leave no other active ADMIN, or the caller is no longer one " +
        '(a concurrent change took their ADMIN role or account)',
    ],
  )
  async deactivate(@CurrentActor() actor: Actor, @UserId() id: string): Promise<void> {
    await this.users.deactivate(actor, id);
  }
}
