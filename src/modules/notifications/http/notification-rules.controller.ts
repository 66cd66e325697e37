import { Resource, Route } from '../../../common/http/route.decorator';
import { Body, Query } from '@nestjs/common';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { ADMINS } from '../../../common/auth/role';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { IdParam } from '../../../common/http/id-param.pipe';
import { NotificationRulesService } from '../notification-rules.service';
import {
  CreateNotificationRuleDto,
  NotificationRuleResponseDto as RuleDto,
  UpdateNotificationRuleDto,
} from './notification-rule.dto';
import { toNotificationRuleResponse as toRule } from './notification-rule.mapper';

const RuleId = () => IdParam('Notification rule');

@Resource('notification-rules', 'notification-rules', ADMINS)
export class NotificationRulesController {
  constructor(private readonly rules: NotificationRulesService) {}

  @Route.create('', RuleDto, {
    summary: 'Add a rule: who else hears of an event, by mail and/or in-app, on top of the built-in notices',
    invalid: 'an unknown event, recipient, user or department',
  })
  async create(@CurrentActor() user: Actor, @Body() body: CreateNotificationRuleDto) {
    return toRule(await this.rules.create(user.id, body));
  }

  @Route.list('', RuleDto, { summary: 'Notification rules, oldest first' })
  async list(@Query() q: PageQueryDto) {
    return (await this.rules.list(q)).map(toRule);
  }

  @Route.one(':id', RuleDto, { summary: 'One notification rule' })
  async get(@RuleId() id: string) {
    return toRule(await this.rules.get(id));
  }

  @Route.patch(':id', RuleDto, {
    summary: 'Change a notification rule: its event, conditions, recipients or channels',
  })
  async update(@CurrentActor() user: Actor, @RuleId() id: string, @Body() body: UpdateNotificationRuleDto) {
    return toRule(await this.rules.update(user.id, id, body));
  }

  @Route.remove(':id', { summary: 'Delete a notification rule' })
  async remove(@CurrentActor() user: Actor, @RuleId() id: string): Promise<void> {
    await this.rules.remove(user.id, id);
  }
}
