import { Page, PageRequest } from '../../common/pagination/page';
import { SavedView, ViewScope } from './domain/saved-view';
import { TicketQueryParams } from '../tickets/domain/ticket-query';

export interface NewSavedView {
  ownerId: string;
  name: string;
  filters: TicketQueryParams;
  shared: boolean;
  departmentId: string | null;
}

export type SavedViewChanges = Partial<Pick<SavedView, 'name' | 'filters' | 'shared' | 'departmentId'>>;

/** Saved views; every read takes the caller's view scope. A name already used by the owner is a ConflictError. */
export abstract class SavedViewRepository {
  abstract create(view: NewSavedView): Promise<SavedView>;
  abstract findVisible(scope: ViewScope, id: string): Promise<SavedView | null>;
  abstract list(scope: ViewScope, page: PageRequest): Promise<Page<SavedView>>;
  abstract update(id: string, changes: SavedViewChanges): Promise<SavedView | null>;
  abstract remove(id: string): Promise<void>;
}
