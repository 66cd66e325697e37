import { Actor } from '../../common/auth/actor';
import { SavedViewFilters } from '../tickets/saved-view-filters.port';
import { viewScopeOf } from './domain/saved-view';
import { SavedViewRepository } from './saved-view-repository.port';
import { Implements } from '../../common/di/implements';

/** Answers the tickets module's question "which filters does this view hold, for this viewer?". */
@Implements(SavedViewFilters)
export class SavedViewFiltersAdapter extends SavedViewFilters {
  constructor(private readonly views: SavedViewRepository) {
    super();
  }

  async filtersOf(viewer: Actor, viewId: string): Promise<unknown> {
    const view = await this.views.findVisible(viewScopeOf(viewer), viewId);
    return view ? view.filters : null;
  }
}
