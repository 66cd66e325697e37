import { ErrorCode } from '../../../common/errors/error-codes';
import { ApiErrors } from '../../../common/http/api-errors.decorator';
import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { Role } from '../../../common/auth/role';
import { Authenticated, Roles } from '../../../common/auth/roles.decorator';
import { ApiEnvelope, ApiPageEnvelope } from '../../../common/http/api-envelope.decorator';
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
  @ApiOperation({
    summary: 'Ticket templates, by name (anyone signed in may file a ticket from one: `templateId`)',
  })
  @ApiPageEnvelope(TemplateResponseDto)
  async list(@Query() q: PageQueryDto): Promise<Page<TemplateResponseDto>> {
    return (await this.templates.list(q)).map(toTemplateResponse);
  }

  @ApiOperation({ summary: 'One ticket template' })
  @Get(':id')
  @Authenticated()
  @ApiEnvelope(TemplateResponseDto)
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async get(@TemplateId() id: string): Promise<TemplateResponseDto> {
    return toTemplateResponse(await this.templates.get(id));
  }

  @Post()
  @Roles(...STAFF)
  @ApiOperation({ summary: 'Create a template (staff); you become its author' })
  @ApiEnvelope(TemplateResponseDto, 201)
  @ApiBadRequestResponse({
    description: 'VALIDATION_ERROR: e.g. an unknown or inactive category, item or department',
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
  @ApiOperation({ summary: 'Change a template (its author, or an ADMIN; others 403)' })
  @ApiEnvelope(TemplateResponseDto)
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiErrors([ErrorCode.FORBIDDEN, 'neither the template’s author nor an ADMIN'])
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
  @ApiOperation({
    summary:
      'Delete a template (its author, or an ADMIN; others 403); tickets filed from it stay as they are',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiErrors([ErrorCode.FORBIDDEN, 'neither the template’s author nor an ADMIN'])
  async remove(@CurrentActor() user: Actor, @TemplateId() id: string): Promise<void> {
    await this.templates.remove(user, id);
  }
}
