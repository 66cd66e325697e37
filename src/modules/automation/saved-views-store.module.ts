import { Global, Module } from '@nestjs/common';
import { SavedViewFilters } from '../tickets/saved-view-filters.port';
import { SqlSavedViewRepository } from './persistence/sql-saved-view.repository';
import { SavedViewFiltersAdapter } from './saved-view-filters.adapter';
import { SavedViewRepository } from './saved-view-repository.port';
import { adapters } from '../../common/di/implements';

/**
 * The saved views' store, global so the tickets module can resolve `GET /tickets?view=` through its own port
 * without importing this module (which depends on tickets).
 */
@Global()
@Module({
  providers: [...adapters(SqlSavedViewRepository, SavedViewFiltersAdapter)],
  exports: [SavedViewRepository, SavedViewFilters],
})
export class SavedViewsStoreModule {}
