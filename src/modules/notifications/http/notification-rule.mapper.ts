import { NotificationRule } from '../domain/notification-rule';
import { NotificationRuleResponseDto } from './notification-rule.dto';

export const toNotificationRuleResponse = (r: NotificationRule): NotificationRuleResponseDto => ({
  id: r.id,
  event: r.event,
  conditions: { ...r.conditions },
  recipients: r.recipients,
  channels: r.channels,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});
