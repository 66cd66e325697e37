import { AgentFigures, SummaryFigures } from './domain/report';
import { ReportRange } from './domain/report-range';

/** Which tickets a report counts: one department's (all of them, RESTRICTED included) or every ticket (null). */
export interface ReportScope {
  departmentId: string | null;
}

/** Report figures computed in SQL over indexed columns. */
export abstract class ReportRepository {
  abstract summary(scope: ReportScope, range: ReportRange): Promise<SummaryFigures>;
  abstract agents(scope: ReportScope, range: ReportRange): Promise<AgentFigures[]>;
  abstract departmentExists(departmentId: string): Promise<boolean>;
}
