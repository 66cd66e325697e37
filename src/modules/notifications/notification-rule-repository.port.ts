import { Page, PageRequest } from '../../common/pagination/page';
import {
  ActiveRule,
  NotificationRule,
  RuleChannel,
  RuleConditions,
  RuleRecipient,
} from './domain/notification-rule';

export interface NewNotificationRule {
  event: string;
  conditions: RuleConditions;
  recipients: RuleRecipient[];
  channels: RuleChannel[];
  createdBy: string | null;
}

export type NotificationRuleChanges = Partial<Omit<NewNotificationRule, 'createdBy'>>;

/** Port for notification rules, in the caller's transaction. */
export abstract class NotificationRuleRepository {
  abstract list(page: PageRequest): Promise<Page<NotificationRule>>;
  /** every rule, as the worker evaluates them */
  abstract all(): Promise<ActiveRule[]>;
  abstract find(id: string, lock?: boolean): Promise<NotificationRule | null>;
  abstract insert(rule: NewNotificationRule): Promise<NotificationRule>;
  abstract update(id: string, changes: NotificationRuleChanges): Promise<NotificationRule | null>;
  abstract remove(id: string): Promise<boolean>;
  /** those of `ids` that name active users */
  abstract activeUsers(ids: readonly string[]): Promise<Set<string>>;
  abstract activeDepartmentExists(id: string): Promise<boolean>;
}
