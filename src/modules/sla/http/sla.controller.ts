import { ApiCreated, ApiList, ApiOne } from '../../../common/http/api-route.decorator';
import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Role } from '../../../common/auth/role';
import { Roles } from '../../../common/auth/roles.decorator';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { Page } from '../../../common/pagination/page';
import { IdParam } from '../../../common/http/id-param.pipe';
import { BusinessCalendarsService } from '../business-calendars.service';
import { SlaPoliciesService } from '../sla-policies.service';
import {
  BusinessCalendarResponseDto,
  CreateBusinessCalendarDto,
  CreateSlaPolicyDto,
  ListSlaPoliciesQueryDto,
  SlaPolicyResponseDto,
  UpdateBusinessCalendarDto,
  UpdateSlaPolicyDto,
} from './sla.dto';
import { toCalendarResponse, toPolicyResponse } from './sla.mapper';

const PolicyId = () => IdParam('SLA policy');
const CalendarId = () => IdParam('Business calendar');

@ApiTags('sla')
@Roles(Role.ADMIN)
@Controller()
export class SlaController {
  constructor(
    private readonly policies: SlaPoliciesService,
    private readonly calendars: BusinessCalendarsService,
  ) {}

  @Get('sla-policies')
  @ApiList(SlaPolicyResponseDto, {
    summary: 'SLA policies: global ones first, by priority',
  })
  async listPolicies(@Query() q: ListSlaPoliciesQueryDto): Promise<Page<SlaPolicyResponseDto>> {
    return (await this.policies.list({ departmentId: q.departmentId, priority: q.priority }, q)).map(
      toPolicyResponse,
    );
  }

  @ApiOne(SlaPolicyResponseDto, {
    summary: 'One SLA policy',
  })
  @Get('sla-policies/:id')
  async getPolicy(@PolicyId() id: string): Promise<SlaPolicyResponseDto> {
    return toPolicyResponse(await this.policies.get(id));
  }

  @Post('sla-policies')
  @ApiCreated(SlaPolicyResponseDto, {
    summary: 'Add a policy for a priority, globally or for one department',
    description:
      'A department’s own policy beats the global one for its tickets. Targets are business minutes of the ' +
      'department’s calendar (24×7 without one). Tickets get their targets when created and when their priority ' +
      'changes; a service item’s slaResolutionHours overrides the resolution target.',
    conflict: 'CONFLICT: a policy for this priority and department exists',
    badRequest: 'VALIDATION_ERROR naming the field (e.g. a target under 1)',
  })
  async createPolicy(@Body() body: CreateSlaPolicyDto): Promise<SlaPolicyResponseDto> {
    return toPolicyResponse(
      await this.policies.create({
        priority: body.priority,
        departmentId: body.departmentId ?? null,
        firstResponseMinutes: body.firstResponseMinutes,
        resolutionMinutes: body.resolutionMinutes,
      }),
    );
  }

  @ApiOne(SlaPolicyResponseDto, {
    summary: 'Change an SLA policy: its priority or its targets',
    conflict: 'CONFLICT: a policy for this priority and department exists',
    badRequest: 'VALIDATION_ERROR naming the field',
  })
  @Patch('sla-policies/:id')
  async updatePolicy(
    @PolicyId() id: string,
    @Body() body: UpdateSlaPolicyDto,
  ): Promise<SlaPolicyResponseDto> {
    return toPolicyResponse(await this.policies.update(id, body));
  }

  @Get('business-calendars')
  @ApiList(BusinessCalendarResponseDto, {
    summary: 'Business calendars, by name',
  })
  async listCalendars(@Query() q: PageQueryDto): Promise<Page<BusinessCalendarResponseDto>> {
    return (await this.calendars.list(q)).map(toCalendarResponse);
  }

  @ApiOne(BusinessCalendarResponseDto, {
    summary: 'One business calendar',
  })
  @Get('business-calendars/:id')
  async getCalendar(@CalendarId() id: string): Promise<BusinessCalendarResponseDto> {
    return toCalendarResponse(await this.calendars.get(id));
  }

  @Post('business-calendars')
  @ApiCreated(BusinessCalendarResponseDto, {
    summary: 'Add a business calendar',
    description:
      'IANA timezone, working intervals per weekday (several a day), holidays. A department names it with ' +
      '`calendarId`; its SLA targets then count only working minutes, across nights, weekends, holidays and DST.',
    conflict: 'CONFLICT: the name is taken',
    badRequest:
      'VALIDATION_ERROR naming the field: unknown timezone, overlapping or inverted intervals, bad dates',
  })
  async createCalendar(@Body() body: CreateBusinessCalendarDto): Promise<BusinessCalendarResponseDto> {
    return toCalendarResponse(await this.calendars.create(body));
  }

  @Patch('business-calendars/:id')
  @ApiOne(BusinessCalendarResponseDto, {
    summary: 'Change a business calendar',
    description: 'The due times of open tickets counted in it are computed again, as if afresh.',
    conflict: 'CONFLICT: the name is taken',
    badRequest: 'VALIDATION_ERROR naming the field',
  })
  async updateCalendar(
    @CalendarId() id: string,
    @Body() body: UpdateBusinessCalendarDto,
  ): Promise<BusinessCalendarResponseDto> {
    return toCalendarResponse(await this.calendars.update(id, body));
  }
}
