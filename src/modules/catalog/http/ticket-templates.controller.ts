import { Resource, Route } from '../../../common/http/route.decorator';
import { Body, Query } from '@nestjs/common';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { STAFF } from '../../../common/auth/role';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { absentAsNull } from '../../../common/http/absent-as-null';
import { IdParam } from '../../../common/http/id-param.pipe';
import { TicketTemplatesService } from '../ticket-templates.service';
import { CreateTemplateDto, TemplateResponseDto, UpdateTemplateDto } from './template.dto';
import { toTemplateResponse } from './template.mapper';

const TemplateId = () => IdParam('Ticket template');
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
export class TicketTemplatesController {
  constructor(private readonly templates: TicketTemplatesService) {}

  @Route.list('', TemplateResponseDto, {
    summary: 'Ticket templates, by name (anyone signed in may file a ticket from one: `templateId`)',
    access: 'signed-in',
  })
  async list(@Query() q: PageQueryDto) {
    return (await this.templates.list(q)).map(toTemplateResponse);
  }

  @Route.one(':id', TemplateResponseDto, { summary: 'One ticket template', access: 'signed-in' })
  async get(@TemplateId() id: string) {
    return toTemplateResponse(await this.templates.get(id));
  }

  @Route.create('', TemplateResponseDto, {
    summary: 'Create a template (staff); you become its author',
    invalid: 'e.g. an unknown or inactive category, item or department',
    access: STAFF,
  })
  async create(@CurrentActor() user: Actor, @Body() body: CreateTemplateDto) {
    const template = await this.templates.create(user, {
      name: body.name,
      ...absentAsNull(body, ...OPTIONAL),
    });
    return toTemplateResponse(template);
  }

  @Route.patch(':id', TemplateResponseDto, {
    summary: 'Change a template (its author, or an ADMIN; others 403)',
    forbidden: AUTHOR_ONLY,
    access: STAFF,
  })
  async update(@CurrentActor() user: Actor, @TemplateId() id: string, @Body() body: UpdateTemplateDto) {
    return toTemplateResponse(await this.templates.update(user, id, body));
  }

  @Route.remove(':id', {
    summary:
      'Delete a template (its author, or an ADMIN; others 403); tickets filed from it stay as they are',
    forbidden: AUTHOR_ONLY,
    access: STAFF,
  })
  async remove(@CurrentActor() user: Actor, @TemplateId() id: string): Promise<void> {
    await this.templates.remove(user, id);
  }
}
