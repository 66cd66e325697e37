import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { Roles } from '../../../common/auth/roles.decorator';
import { ApiEnvelope, ApiPageEnvelope } from '../../../common/http/api-envelope.decorator';
import { Page } from '../../../common/pagination/page';
import { DepartmentsService } from '../departments.service';
import { Role } from '../domain/role';
import {
  CreateDepartmentDto,
  DepartmentResponseDto,
  ListDepartmentsQueryDto,
  UpdateDepartmentDto,
} from './department.dto';
import { toDepartmentResponse } from './department.mapper';
import { IdParam } from '../../../common/http/id-param.pipe';

const DepartmentId = () => IdParam('Department');

@ApiTags('departments')
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  /** Active departments, for any authenticated user (to pick one for a ticket); admins may include deactivated ones. */
  @Get()
  @ApiPageEnvelope(DepartmentResponseDto)
  async list(
    @CurrentActor() user: Actor,
    @Query() query: ListDepartmentsQueryDto,
  ): Promise<Page<DepartmentResponseDto>> {
    const page = await this.departments.list(user, query.includeInactive ?? false, query);
    return page.map(toDepartmentResponse);
  }

  /** One department; a deactivated one only for admins. */
  @Get(':id')
  @ApiEnvelope(DepartmentResponseDto)
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async get(@CurrentActor() user: Actor, @DepartmentId() id: string): Promise<DepartmentResponseDto> {
    return toDepartmentResponse(await this.departments.get(user, id));
  }

  /** Create a department (its name is unique, compared case-insensitively). */
  @Post()
  @Roles(Role.ADMIN)
  @ApiEnvelope(DepartmentResponseDto, 201)
  @ApiConflictResponse({ description: 'CONFLICT: the name is taken (case-insensitively)' })
  async create(@Body() body: CreateDepartmentDto): Promise<DepartmentResponseDto> {
    const department = await this.departments.create({
      name: body.name,
      description: body.description ?? null,
      autoAssign: body.autoAssign ?? false,
      calendarId: body.calendarId ?? null,
    });
    return toDepartmentResponse(department);
  }

  /** Change a department's name, description, auto-assignment or business calendar. */
  @Patch(':id')
  @Roles(Role.ADMIN)
  @ApiEnvelope(DepartmentResponseDto)
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'CONFLICT: the name is taken (case-insensitively)' })
  async update(
    @DepartmentId() id: string,
    @Body() body: UpdateDepartmentDto,
  ): Promise<DepartmentResponseDto> {
    const department = await this.departments.update(id, {
      name: body.name,
      description: body.description,
      autoAssign: body.autoAssign,
      calendarId: body.calendarId,
      isActive: body.isActive,
    });
    return toDepartmentResponse(department);
  }

  /** Deactivates the department: it stays for the tickets and staff that refer to it. */
  @Delete(':id')
  @Roles(Role.ADMIN)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deactivated' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async deactivate(@DepartmentId() id: string): Promise<void> {
    await this.departments.deactivate(id);
  }
}
