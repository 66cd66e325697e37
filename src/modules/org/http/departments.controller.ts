import { Body, Query } from '@nestjs/common';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { Resource, Route } from '../../../common/http/route.decorator';
import { DepartmentsService } from '../departments.service';
import {
  CreateDepartmentDto,
  DepartmentResponseDto,
  ListDepartmentsQueryDto,
  UpdateDepartmentDto,
} from './department.dto';
import { toDepartmentResponse } from './department.mapper';
import { IdParam } from '../../../common/http/id-param.pipe';
import { Deactivation } from './org-routes';
import { ADMINS } from '../../../common/auth/role';
import { absentAsNull } from '../../../common/http/absent-as-null';

const DepartmentId = () => IdParam('Department');
const NAME_TAKEN = 'CONFLICT: the name is taken (case-insensitively)';

@Resource('departments', 'departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Route.list('', DepartmentResponseDto, {
    summary:
      'Active departments, for any authenticated user (to pick one for a ticket); admins may include deactivated ones.',
  })
  async list(@CurrentActor() user: Actor, @Query() query: ListDepartmentsQueryDto) {
    const page = await this.departments.list(user, query.includeInactive ?? false, query);
    return page.map(toDepartmentResponse);
  }

  @Route.one(':id', DepartmentResponseDto, { summary: 'One department; a deactivated one only for admins.' })
  async get(@CurrentActor() user: Actor, @DepartmentId() id: string) {
    return toDepartmentResponse(await this.departments.get(user, id));
  }

  @Route.create('', DepartmentResponseDto, {
    access: ADMINS,
    summary: 'Create a department (its name is unique, compared case-insensitively).',
    conflict: NAME_TAKEN,
  })
  async create(@Body() body: CreateDepartmentDto) {
    const { name, autoAssign = false } = body;
    const department = { name, autoAssign, ...absentAsNull(body, 'description', 'calendarId') };
    return toDepartmentResponse(await this.departments.create(department));
  }

  @Route.patch(':id', DepartmentResponseDto, {
    access: ADMINS,
    summary: "Change a department's name, description, auto-assignment or business calendar.",
    conflict: NAME_TAKEN,
  })
  async update(@DepartmentId() id: string, @Body() body: UpdateDepartmentDto) {
    return toDepartmentResponse(await this.departments.update(id, body));
  }

  @Deactivation('Deactivates the department: it stays for the tickets and staff that refer to it.')
  async deactivate(@DepartmentId() id: string) {
    await this.departments.deactivate(id);
  }
}
