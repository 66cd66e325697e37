import { Resource } from '../../../common/http/route.decorator';
import { ADMINS } from '../../../common/auth/role';
import { absentAsNull } from '../../../common/http/absent-as-null';
import { SharedCollection } from '../../../common/http/crud-routes';
import { CategoriesService } from '../categories.service';
import { CategoryResponseDto, CreateCategoryDto, UpdateCategoryDto } from './category.dto';
import { toCategoryResponse } from './catalog.mapper';

const SIBLING_TAKEN = 'CONFLICT: a sibling has this name';

/** The category tree's upkeep (ADMIN); everyone reads the active tree through `GET /service-catalog`. */
@Resource('service catalog', 'service-categories')
export class ServiceCategoriesController extends SharedCollection(
  'Service category',
  CategoryResponseDto,
  toCategoryResponse,
  {
    list: { summary: 'Every category, deactivated ones included, by name', access: ADMINS },
    get: { summary: 'One category, deactivated or not', access: ADMINS },
    create: {
      body: CreateCategoryDto,
      input: (body) => ({
        name: body.name,
        ...absentAsNull(body, 'description', 'departmentId', 'parentId'),
      }),
      summary: 'Create a category, at the top or under a parent',
      conflict: SIBLING_TAKEN,
      invalid: 'e.g. an unknown or inactive parentId or departmentId',
      access: ADMINS,
    },
    update: {
      body: UpdateCategoryDto,
      summary: 'Change a category: name, description, department or parent',
      conflict: SIBLING_TAKEN,
      invalid: 'e.g. a parentId that would make a cycle',
      access: ADMINS,
    },
    remove: {
      summary:
        'Delete a category, or deactivate it when tickets, items, templates or subcategories refer to it',
      outcome: 'Deleted or deactivated',
      access: ADMINS,
    },
  },
) {
  constructor(categories: CategoriesService) {
    super(categories);
  }
}
