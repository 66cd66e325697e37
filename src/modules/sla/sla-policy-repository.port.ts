import { Page, PageRequest } from '../../common/pagination/page';
import { TicketPriority } from '../tickets/domain/ticket-enums';
import { SlaPolicy } from './domain/sla-policy';

export interface NewSlaPolicy {
  priority: TicketPriority;
  departmentId: string | null;
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

export type SlaPolicyChanges = Partial<NewSlaPolicy>;

export interface SlaPolicyFilter {
  departmentId?: string;
  priority?: TicketPriority;
}

/** SLA policies; one per priority globally and one per department and priority (ConflictError otherwise). */
export abstract class SlaPolicyRepository {
  abstract list(filter: SlaPolicyFilter, page: PageRequest): Promise<Page<SlaPolicy>>;
  abstract findById(id: string): Promise<SlaPolicy | null>;
  abstract insert(policy: NewSlaPolicy): Promise<SlaPolicy>;
  abstract update(id: string, changes: SlaPolicyChanges): Promise<SlaPolicy | null>;
  /** the department's and the global policy for a priority */
  abstract candidates(priority: TicketPriority, departmentId: string | null): Promise<SlaPolicy[]>;
  abstract departmentExists(departmentId: string): Promise<boolean>;
}
