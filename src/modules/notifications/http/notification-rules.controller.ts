import { ErrorCode } from '../../../common/errors/error-codes';
import { ApiCreated, ApiList, ApiOne, ApiRemoval } from '../../../common/http/api-route.decorator';
import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { Role } from '../../../common/auth/role';
import { Roles } from '../../../common/auth/roles.decorator';
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
  @ApiCreated(NotificationRuleResponseDto, {
    summary: 'Add a rule: who else hears of an event, by mail and/or in-app, on top of the built-in notices',
    errors: [[ErrorCode.VALIDATION_ERROR, 'an unknown event, recipient, user or department']],
  })
  async create(
    @CurrentActor() user: Actor,
    @Body() body: CreateNotificationRuleDto,
  ): Promise<NotificationRuleResponseDto> {
    return toNotificationRuleResponse(await this.rules.create(user.id, body));
  }

  @Get()
  @ApiList(NotificationRuleResponseDto, {
    summary: 'Notification rules, oldest first',
  })
  async list(@Query() q: PageQueryDto): Promise<Page<NotificationRuleResponseDto>> {
    return (await this.rules.list(q)).map(toNotificationRuleResponse);
  }

  @ApiOne(NotificationRuleResponseDto, {
    summary: 'One notification rule',
  })
  @Get(':id')
  async get(@RuleId() id: string): Promise<NotificationRuleResponseDto> {
    return toNotificationRuleResponse(await this.rules.get(id));
  }

  @ApiOne(NotificationRuleResponseDto, {
    summary: 'Change a notification rule: its event, conditions, recipients or channels',
  })
  @Patch(':id')
  async update(
    @CurrentActor() user: Actor,
    @RuleId() id: string,
    @Body() body: UpdateNotificationRuleDto,
  ): Promise<NotificationRuleResponseDto> {
    return toNotificationRuleResponse(await this.rules.update(user.id, id, body));
  }

  @ApiRemoval({
    summary: 'Delete a notification rule',
  })
  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentActor() user: Actor, @RuleId() id: string): Promise<void> {
    await this.rules.remove(user.id, id);
  }
}
