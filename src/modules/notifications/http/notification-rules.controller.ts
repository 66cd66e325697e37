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
import { Roles } from '../../../common/auth/roles.decorator';
import { ApiEnvelope, ApiPageEnvelope } from '../../../common/http/api-envelope.decorator';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { Page } from '../../../common/pagination/page';
import { IdParam } from '../../../common/http/id-param.pipe';
import { NotificationRulesService } from '../notification-rules.service';
import {
  CreateNotificationRuleDto,
  NotificationRuleResponseDto,
  UpdateNotificationRuleDto,
} from './notification-rule.dto';
import { toNotificationRuleResponse } from './notification-rule.mapper';

const RuleId = () => IdParam('Notification rule');

@ApiTags('notification-rules')
@Roles(Role.ADMIN)
@Controller('notification-rules')
export class NotificationRulesController {
  constructor(private readonly rules: NotificationRulesService) {}

  @Post()
  @ApiOperation({
    summary: 'Add a rule: who else hears of an event, by mail and/or in-app, on top of the built-in notices',
  })
  @ApiEnvelope(NotificationRuleResponseDto, 201)
  @ApiBadRequestResponse({ description: 'VALIDATION_ERROR: an unknown event, recipient, user or department' })
  async create(
    @CurrentActor() user: Actor,
    @Body() body: CreateNotificationRuleDto,
  ): Promise<NotificationRuleResponseDto> {
    return toNotificationRuleResponse(await this.rules.create(user.id, body));
  }

  @Get()
  @ApiOperation({ summary: 'Notification rules, oldest first' })
  @ApiPageEnvelope(NotificationRuleResponseDto)
  async list(@Query() q: PageQueryDto): Promise<Page<NotificationRuleResponseDto>> {
    return (await this.rules.list(q)).map(toNotificationRuleResponse);
  }

  @ApiOperation({ summary: 'One notification rule' })
  @Get(':id')
  @ApiEnvelope(NotificationRuleResponseDto)
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async get(@RuleId() id: string): Promise<NotificationRuleResponseDto> {
    return toNotificationRuleResponse(await this.rules.get(id));
  }

  @ApiOperation({ summary: 'Change a notification rule: its event, conditions, recipients or channels' })
  @Patch(':id')
  @ApiEnvelope(NotificationRuleResponseDto)
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async update(
    @CurrentActor() user: Actor,
    @RuleId() id: string,
    @Body() body: UpdateNotificationRuleDto,
  ): Promise<NotificationRuleResponseDto> {
    return toNotificationRuleResponse(await this.rules.update(user.id, id, body));
  }

  @ApiOperation({ summary: 'Delete a notification rule' })
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async remove(@CurrentActor() user: Actor, @RuleId() id: string): Promise<void> {
    await this.rules.remove(user.id, id);
  }
}
