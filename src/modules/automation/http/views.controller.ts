import { ErrorCode } from '../../../common/errors/error-codes';
import { Resource } from '../../../common/http/route.decorator';
import { CallerCollection } from '../../../common/http/crud-routes';
import { SavedViewsService } from '../saved-views.service';
import { CreateViewDto, UpdateViewDto, ViewResponseDto } from './view.dto';
import { toViewResponse } from './view.mapper';

const NOT_YOURS = 'you see the view but may not';
const NOR_LEAD = '(not its owner, nor an ADMIN or TEAM_LEAD of its department)';

@Resource('views', 'views', 'signed-in')
export class ViewsController extends CallerCollection('View', ViewResponseDto, toViewResponse, {
  list: {
    summary: 'Your saved views and those shared with your department, by name',
    description: 'Use one with `GET /tickets?view=<id>`: its filters apply under your own scope.',
  },
  get: {
    summary: 'One saved view (yours, or shared with your department)',
    notFound: 'no such view, or not yours and not shared with you',
  },
  create: {
    body: CreateViewDto,
    summary: 'Save a view',
    description:
      'Any user may save private views; staff may share one with their department (`shared: true`, 403 for ' +
      'END_USERs). A shared view never widens what anyone sees: whoever uses it sees only their own scope.',
    conflict: 'CONFLICT: you already have a view with this name',
    errors: [
      [ErrorCode.VALIDATION_ERROR, 'a filter is unknown or has a bad value'],
      [ErrorCode.FORBIDDEN, 'shared: true by an END_USER'],
    ],
  },
  update: {
    body: UpdateViewDto,
    summary: 'Rename a view, replace its filters, or share or unshare it',
    description:
      'Its owner; for a shared view also an ADMIN or a TEAM_LEAD of its department (403 for others who see it).',
    conflict: 'CONFLICT: the owner already has a view with this name',
    forbidden: `${NOT_YOURS} change it ${NOR_LEAD}, or only its owner may make it private`,
  },
  remove: {
    summary: 'Delete a view (same rights as changing it)',
    forbidden: `${NOT_YOURS} delete it ${NOR_LEAD}`,
  },
}) {
  constructor(views: SavedViewsService) {
    super(views);
  }
}
