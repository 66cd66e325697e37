import { Resource } from '../../../common/http/route.decorator';
import { STAFF } from '../../../common/auth/role';
import { absentAsNull } from '../../../common/http/absent-as-null';
import { SharedCollection } from '../../../common/http/crud-routes';
import { TicketTemplatesService } from '../ticket-templates.service';
import { CreateTemplateDto, TemplateResponseDto, UpdateTemplateDto } from './template.dto';
import { toTemplateResponse } from './template.mapper';

/** What a new template leaves out is null. */
const OPTIONAL = [
  'title',
  'description',
  'priority',
  'categoryId',
  'serviceItemId',
  'tags',
  'customFields',
  'departmentId',
] as const;
const AUTHOR_ONLY = 'neither the template’s author nor an ADMIN';

@Resource('ticket templates', 'ticket-templates')
export class TicketTemplatesController extends SharedCollection(
  'Ticket template',
  TemplateResponseDto,
  toTemplateResponse,
  {
    list: {
      summary: 'Ticket templates, by name (anyone signed in may file a ticket from one: `templateId`)',
      access: 'signed-in',
    },
    get: { summary: 'One ticket template', access: 'signed-in' },
    create: {
      body: CreateTemplateDto,
      input: (body) => ({ name: body.name, ...absentAsNull(body, ...OPTIONAL) }),
      summary: 'Create a template (staff); you become its author',
      invalid: 'e.g. an unknown or inactive category, item or department',
      access: STAFF,
    },
    update: {
      body: UpdateTemplateDto,
      summary: 'Change a template (its author, or an ADMIN; others 403)',
      forbidden: AUTHOR_ONLY,
      access: STAFF,
    },
    remove: {
      summary:
        'Delete a template (its author, or an ADMIN; others 403); tickets filed from it stay as they are',
      forbidden: AUTHOR_ONLY,
      access: STAFF,
    },
  },
) {
  constructor(templates: TicketTemplatesService) {
    super(templates);
  }
}
