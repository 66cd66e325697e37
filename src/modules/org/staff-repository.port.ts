import { Page, PageRequest } from '../../common/pagination/page';
import { RowLock } from './department-repository.port';
import { StaffFilter, StaffMember } from './domain/staff';
import { StaffScope } from './domain/staff-scope';

/** Port for reading staff; the caller's scope is a required argument applied in the query itself. */
export abstract class StaffRepository {
  abstract list(scope: StaffScope, filter: StaffFilter, page: PageRequest): Promise<Page<StaffMember>>;
  abstract findByUserId(scope: StaffScope, userId: string, options?: RowLock): Promise<StaffMember | null>;
}
