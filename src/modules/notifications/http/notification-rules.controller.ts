import { Resource } from '../../../common/http/route.decorator';
import { ADMINS } from '../../../common/auth/role';
import { SharedCollection } from '../../../common/http/crud-routes';
import { NotificationRulesService } from '../notification-rules.service';
import {
  CreateNotificationRuleDto,
  NotificationRuleResponseDto as RuleDto,
  UpdateNotificationRuleDto,
} from './notification-rule.dto';
import { toNotificationRuleResponse as toRule } from './notification-rule.mapper';

@Resource('notification-rules', 'notification-rules', ADMINS)
export class NotificationRulesController extends SharedCollection('Notification rule', RuleDto, toRule, {
  list: { summary: 'Notification rules, oldest first' },
  get: { summary: 'One notification rule' },
  create: {
    body: CreateNotificationRuleDto,
    summary: 'Add a rule: who else hears of an event, by mail and/or in-app, on top of the built-in notices',
    invalid: 'an unknown event, recipient, user or department',
  },
  update: {
    body: UpdateNotificationRuleDto,
    summary: 'Change a notification rule: its event, conditions, recipients or channels',
  },
  remove: { summary: 'Delete a notification rule' },
}) {
  constructor(rules: NotificationRulesService) {
    super(rules);
  }
}
