import { Actor } from '../../common/auth/actor';

/**
 * The stored filters of a saved view the viewer may use (their own, or one shared with their department), or null
 * when there is no such view for them. The automation module keeps the views and binds this port.
 */
export abstract class SavedViewFilters {
  abstract filtersOf(viewer: Actor, viewId: string): Promise<unknown>;
}
