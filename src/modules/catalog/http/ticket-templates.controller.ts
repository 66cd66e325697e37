import { ApiCreated, ApiList, ApiOne, ApiRemoval } from '../../../common/http/api-route.decorator';
import { ErrorCode } from '../../../common/errors/error-codes';
import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { Role } from '../../../common/auth/role';
import { Authenticated, Roles } from '../../../common/auth/roles.decorator';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { Page } from '../../../common/pagination/page';
import { IdParam } from '../../../common/http/id-param.pipe';
import { TicketTemplatesService } from '../ticket-templates.service';
import { CreateTemplateDto, TemplateResponseDto, UpdateTemplateDto } from './template.dto';
import { toTemplateResponse } from './template.mapper';

const TemplateId = () => IdParam('Ticket template');

const STAFF: [Role, ...Role[]] = [Role.AGENT, Role.TEAM_LEAD, Role.ADMIN];

@ApiTags('ticket templates')
@Controller('ticket-templates')
export class TicketTemplatesController {
  constructor(private readonly templates: TicketTemplatesService) {}

  @Get()
  @Authenticated()
  @ApiList(TemplateResponseDto, {
    summary: 'Ticket templates, by name (anyone signed in may file a ticket from one: `templateId`)',
  })
  async list(@Query() q: PageQueryDto): Promise<Page<TemplateResponseDto>> {
    return (await this.templates.list(q)).map(toTemplateResponse);
  }

  @ApiOne(TemplateResponseDto, {
    summary: 'One ticket template',
  })
  @Get(':id')
  @Authenticated()
  async get(@TemplateId() id: string): Promise<TemplateResponseDto> {
    return toTemplateResponse(await this.templates.get(id));
  }

  @Post()
  @Roles(...STAFF)
  @ApiCreated(TemplateResponseDto, {
    summary: 'Create a template (staff); you become its author',
    errors: [[ErrorCode.VALIDATION_ERROR, 'e.g. an unknown or inactive category, item or department']],
  })
  async create(@CurrentActor() user: Actor, @Body() body: CreateTemplateDto): Promise<TemplateResponseDto> {
    const template = await this.templates.create(user, {
      name: body.name,
      title: body.title ?? null,
      description: body.description ?? null,
      priority: body.priority ?? null,
      categoryId: body.categoryId ?? null,
      serviceItemId: body.serviceItemId ?? null,
      tags: body.tags ?? null,
      customFields: body.customFields ?? null,
      departmentId: body.departmentId ?? null,
    });
    return toTemplateResponse(template);
  }

  @Patch(':id')
  @Roles(...STAFF)
  @ApiOne(TemplateResponseDto, {
    summary: 'Change a template (its author, or an ADMIN; others 403)',
    errors: [[ErrorCode.FORBIDDEN, 'neither the template’s author nor an ADMIN']],
  })
  async update(
    @CurrentActor() user: Actor,
    @TemplateId() id: string,
    @Body() body: UpdateTemplateDto,
  ): Promise<TemplateResponseDto> {
    return toTemplateResponse(await this.templates.update(user, id, body));
  }

  @Delete(':id')
  @Roles(...STAFF)
  @HttpCode(204)
  @ApiRemoval({
    summary:
      'Delete a template (its author, or an ADMIN; others 403); tickets filed from it stay as they are',
    errors: [[ErrorCode.FORBIDDEN, 'neither the template’s author nor an ADMIN']],
  })
  async remove(@CurrentActor() user: Actor, @TemplateId() id: string): Promise<void> {
    await this.templates.remove(user, id);
  }
}
