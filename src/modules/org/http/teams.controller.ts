import { Body, Query } from '@nestjs/common';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { Resource, Route } from '../../../common/http/route.decorator';
import { ADMINS, STAFF } from '../../../common/auth/role';
import { TeamsService } from '../teams.service';
import { CreateTeamDto, ListTeamsQueryDto, TeamResponseDto, UpdateTeamDto } from './team.dto';
import { toTeamResponse } from './team.mapper';
import { IdParam } from '../../../common/http/id-param.pipe';
import { Deactivation } from './org-routes';
import { absentAsNull } from '../../../common/http/absent-as-null';

const TeamId = () => IdParam('Team');
const LEAD_CONFLICT =
  'CONFLICT: the name is taken in the department, the lead is not an active TEAM_LEAD (or ADMIN) of the ' +
  'department, or the department is deactivated';

@Resource('teams', 'teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Route.list('', TeamResponseDto, {
    access: STAFF,
    summary:
      "Active teams, optionally of one department. Staff see only their own department's teams (others are never\n" +
      'listed, nor counted in `total`); ADMIN sees all and may include deactivated ones.',
  })
  async list(@CurrentActor() user: Actor, @Query() query: ListTeamsQueryDto) {
    const page = await this.teams.list(
      user,
      { departmentId: query.departmentId, includeInactive: query.includeInactive ?? false },
      query,
    );
    return page.map(toTeamResponse);
  }

  @Route.one(':id', TeamResponseDto, {
    access: STAFF,
    summary: "A team of the caller's department (any team for ADMIN); another department's team is 404.",
    notFound: "no such team, or one of another department than the caller's",
  })
  async get(@CurrentActor() user: Actor, @TeamId() id: string) {
    return toTeamResponse(await this.teams.get(user, id));
  }

  @Route.create('', TeamResponseDto, {
    access: ADMINS,
    summary: 'Create a team in a department, optionally with its lead.',
    conflict: LEAD_CONFLICT,
  })
  async create(@Body() body: CreateTeamDto) {
    const { departmentId, name } = body;
    return toTeamResponse(await this.teams.create({ departmentId, name, ...absentAsNull(body, 'leadId') }));
  }

  @Route.patch(':id', TeamResponseDto, {
    access: ADMINS,
    summary: 'Rename a team, change its lead or move it to another department.',
    conflict: `${LEAD_CONFLICT}, or a moved team still has members`,
  })
  async update(@TeamId() id: string, @Body() body: UpdateTeamDto) {
    return toTeamResponse(await this.teams.update(id, body));
  }

  @Deactivation('Deactivates the team: it stays for the members and tickets that refer to it.')
  async deactivate(@TeamId() id: string) {
    await this.teams.deactivate(id);
  }
}
