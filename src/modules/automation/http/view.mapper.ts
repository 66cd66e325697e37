import { SavedView } from '../domain/saved-view';
import { ViewResponseDto } from './view.dto';

export const toViewResponse = (v: SavedView): ViewResponseDto => ({
  id: v.id,
  name: v.name,
  filters: v.filters,
  shared: v.shared,
  departmentId: v.departmentId,
  ownerId: v.ownerId,
  createdAt: v.createdAt.toISOString(),
  updatedAt: v.updatedAt.toISOString(),
});
