import { Resource, Route } from '../../../common/http/route.decorator';
import { Body, Query } from '@nestjs/common';
import { ADMINS } from '../../../common/auth/role';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { IdParam } from '../../../common/http/id-param.pipe';
import { BusinessCalendarsService } from '../business-calendars.service';
import { SlaPoliciesService } from '../sla-policies.service';
import {
  BusinessCalendarResponseDto as CalendarDto,
  CreateBusinessCalendarDto,
  CreateSlaPolicyDto,
  ListSlaPoliciesQueryDto,
  SlaPolicyResponseDto as PolicyDto,
  UpdateBusinessCalendarDto,
  UpdateSlaPolicyDto,
} from './sla.dto';
import { toCalendarResponse, toPolicyResponse } from './sla.mapper';

const PolicyId = () => IdParam('SLA policy');
const CalendarId = () => IdParam('Business calendar');
const POLICY_TAKEN = 'CONFLICT: a policy for this priority and department exists';
const NAMING_THE_FIELD = 'VALIDATION_ERROR naming the field';

@Resource('sla', '', ADMINS)
export class SlaController {
  constructor(
    private readonly policies: SlaPoliciesService,
    private readonly calendars: BusinessCalendarsService,
  ) {}

  @Route.list('sla-policies', PolicyDto, { summary: 'SLA policies: global ones first, by priority' })
  async listPolicies(@Query() q: ListSlaPoliciesQueryDto) {
    const filter = { departmentId: q.departmentId, priority: q.priority };
    return (await this.policies.list(filter, q)).map(toPolicyResponse);
  }

  @Route.create('sla-policies', PolicyDto, {
    summary: 'Add a policy for a priority, globally or for one department',
    description:
      'A department’s own policy beats the global one for its tickets. Targets are business minutes of the ' +
      'department’s calendar (24×7 without one). Tickets get their targets when created and when their priority ' +
      'changes; a service item’s slaResolutionHours overrides the resolution target.',
    conflict: POLICY_TAKEN,
    badRequest: `${NAMING_THE_FIELD} (e.g. a target under 1)`,
  })
  async createPolicy(@Body() body: CreateSlaPolicyDto) {
    const { priority, firstResponseMinutes, resolutionMinutes } = body;
    const departmentId = body.departmentId ?? null;
    return toPolicyResponse(
      await this.policies.create({ priority, departmentId, firstResponseMinutes, resolutionMinutes }),
    );
  }

  @Route.one('sla-policies/:id', PolicyDto, { summary: 'One SLA policy' })
  async getPolicy(@PolicyId() id: string) {
    return toPolicyResponse(await this.policies.get(id));
  }

  @Route.patch('sla-policies/:id', PolicyDto, {
    summary: 'Change an SLA policy: its priority or its targets',
    conflict: POLICY_TAKEN,
    badRequest: NAMING_THE_FIELD,
  })
  async updatePolicy(@PolicyId() id: string, @Body() body: UpdateSlaPolicyDto) {
    return toPolicyResponse(await this.policies.update(id, body));
  }

  @Route.list('business-calendars', CalendarDto, { summary: 'Business calendars, by name' })
  async listCalendars(@Query() q: PageQueryDto) {
    return (await this.calendars.list(q)).map(toCalendarResponse);
  }

  @Route.one('business-calendars/:id', CalendarDto, { summary: 'One business calendar' })
  async getCalendar(@CalendarId() id: string) {
    return toCalendarResponse(await this.calendars.get(id));
  }

  @Route.create('business-calendars', CalendarDto, {
    summary: 'Add a business calendar',
    description:
      'IANA timezone, working intervals per weekday (several a day), holidays. A department names it with ' +
      '`calendarId`; its SLA targets then count only working minutes, across nights, weekends, holidays and DST.',
    conflict: 'CONFLICT: the name is taken',
    badRequest: `${NAMING_THE_FIELD}: unknown timezone, overlapping or inverted intervals, bad dates`,
  })
  async createCalendar(@Body() body: CreateBusinessCalendarDto) {
    return toCalendarResponse(await this.calendars.create(body));
  }

  @Route.patch('business-calendars/:id', CalendarDto, {
    summary: 'Change a business calendar',
    description: 'The due times of open tickets counted in it are computed again, as if afresh.',
    conflict: 'CONFLICT: the name is taken',
    badRequest: NAMING_THE_FIELD,
  })
  async updateCalendar(@CalendarId() id: string, @Body() body: UpdateBusinessCalendarDto) {
    return toCalendarResponse(await this.calendars.update(id, body));
  }
}
