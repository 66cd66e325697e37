import { ApiOne, RouteDocs } from '../../../common/http/api-route.decorator';
import { Resource, Route } from '../../../common/http/route.decorator';
import { applyDecorators, Headers, Query, StreamableFile, Type } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { Role } from '../../../common/auth/role';
import { agentsCsv, summaryCsv } from '../domain/csv';
import { ReportsService } from '../reports.service';
import { AgentsReportDto, ReportQueryDto, SummaryReportDto } from './report.dto';

const wantsCsv = (accept: string | undefined): boolean => /(^|[\s,])text\/csv\b/i.test(accept ?? '');
const csvFile = (body: string, name: string): StreamableFile =>
  new StreamableFile(Buffer.from(body, 'utf8'), {
    type: 'text/csv; charset=utf-8',
    disposition: `attachment; filename="${name}.csv"`,
  });

/**
 * `GET <path>`, a report: scoped to the caller (another department is 404), read from one range query, and answered
 * as JSON or, for `Accept: text/csv`, as CSV.
 */
const Report = (
  path: string,
  model: Type,
  docs: Pick<RouteDocs, 'summary' | 'description'>,
): MethodDecorator =>
  Route.of(
    'GET',
    path,
    200,
    applyDecorators(
      ApiProduces('application/json', 'text/csv'),
      ApiOne(model, {
        ...docs,
        notFound: 'a department outside your scope',
        badRequest: 'VALIDATION_ERROR naming from, to or tz',
      }),
    ),
  );

@Resource('reports', 'reports', [Role.TEAM_LEAD, Role.ADMIN])
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Report('summary', SummaryReportDto, {
    summary:
      'Ticket figures for a range: counts, per-day series, response and resolution percentiles, SLA compliance',
    description:
      'TEAM_LEAD: their department (another is 404); ADMIN: all, or one department. Days are local to `tz`. ' +
      'Computed in SQL and cached for a minute per scope and query; a ticket write refreshes it. ' +
      '`Accept: text/csv` answers `section,key,value` rows instead.',
  })
  async summary(@CurrentActor() user: Actor, @Query() q: ReportQueryDto, @Headers('accept') accept?: string) {
    const s = await this.reports.summary(user, q);
    const body: SummaryReportDto = { ...s, from: s.from.toISOString(), to: s.to.toISOString() };
    return wantsCsv(accept) ? csvFile(summaryCsv(s), 'summary') : body;
  }

  @Report('agents', AgentsReportDto, {
    summary:
      'Per agent: open tickets assigned now, resolved in the range, median first response and resolution',
    description: 'Scoped and cached as the summary. `Accept: text/csv` answers one row per agent.',
  })
  async agents(@CurrentActor() user: Actor, @Query() q: ReportQueryDto, @Headers('accept') accept?: string) {
    const { range, departmentId, agents } = await this.reports.agents(user, q);
    if (wantsCsv(accept)) return csvFile(agentsCsv(agents), 'agents');
    const body: AgentsReportDto = {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      tz: range.tz,
      departmentId,
      agents,
    };
    return body;
  }
}
