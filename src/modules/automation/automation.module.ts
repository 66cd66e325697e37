import { Module } from '@nestjs/common';
import { ViewsController } from './http/views.controller';
import { SavedViewsService } from './saved-views.service';
import { SavedViewsStoreModule } from './saved-views-store.module';

/** Saved views (and, as they land, macros, links and merge, guest submission and access requests). */
@Module({
  imports: [SavedViewsStoreModule],
  controllers: [ViewsController],
  providers: [SavedViewsService],
})
export class AutomationModule {}
