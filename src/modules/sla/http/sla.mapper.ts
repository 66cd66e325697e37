import { BusinessCalendar } from '../domain/business-calendar.model';
import { SlaPolicy } from '../domain/sla-policy';
import { BusinessCalendarResponseDto, SlaPolicyResponseDto } from './sla.dto';

export const toPolicyResponse = (p: SlaPolicy): SlaPolicyResponseDto => ({
  id: p.id,
  priority: p.priority,
  departmentId: p.departmentId,
  firstResponseMinutes: p.firstResponseMinutes,
  resolutionMinutes: p.resolutionMinutes,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

export const toCalendarResponse = (c: BusinessCalendar): BusinessCalendarResponseDto => ({
  id: c.id,
  name: c.name,
  timezone: c.timezone,
  hours: c.hours,
  holidays: c.holidays,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});
