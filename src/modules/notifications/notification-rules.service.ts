import { Injectable } from '@nestjs/common';
import { Actor } from '../../common/auth/actor';
import { RecordReads } from '../../common/records/record-reads';
import { AuditTrail } from '../../common/audit/audit-trail';
import {
  FieldProblem,
  invalidField,
  NotFoundError,
  ValidationFailedError,
  found,
} from '../../common/errors/domain-errors';
import { runThen, Transaction, UnitOfWork } from '../../common/unit-of-work';
import {
  canonicalConditions,
  namedUsers,
  NotificationRule,
  parseRecipients,
  RULE_EVENTS,
  RuleChannel,
  RuleConditions,
  RuleRecipient,
} from './domain/notification-rule';
import { NotificationRuleCache } from './notification-rule-cache.port';
import { NotificationRuleChanges, NotificationRuleRepository } from './notification-rule-repository.port';

export interface NotificationRuleInput {
  event: string;
  conditions?: RuleConditions;
  recipients: unknown;
  channels: RuleChannel[];
}

/**
 * Notification rules (ADMIN): checked in full before anything is written, audited in the write's transaction, and
 * the cached rules are dropped once it commits, so every worker applies the new rules from the next event on.
 */
@Injectable()
export class NotificationRulesService extends RecordReads<NotificationRule> {
  constructor(
    private readonly rules: NotificationRuleRepository,
    private readonly cache: NotificationRuleCache,
    private readonly audit: AuditTrail,
    private readonly uow: UnitOfWork,
  ) {
    super({ list: (page) => rules.list(page), findById: (id) => rules.find(id) }, 'Notification rule');
  }

  async create(actor: Actor, input: NotificationRuleInput): Promise<NotificationRule> {
    const checked = await this.checked(input);
    return this.write(async (tx) => {
      const created = await this.rules.insert({
        event: input.event,
        conditions: checked.conditions ?? {},
        recipients: checked.recipients!,
        channels: checked.channels!,
        createdBy: actor.id,
      });
      await this.audit.created(tx, 'notification_rule', created, actor.id);
      return created;
    });
  }

  async update(actor: Actor, id: string, input: Partial<NotificationRuleInput>): Promise<NotificationRule> {
    if (Object.values(input).every((v) => v === undefined))
      throw new ValidationFailedError('Nothing to change: send event, conditions, recipients or channels');
    const changes = await this.checked(input);
    return this.write(async (tx) => {
      const before = found(await this.rules.find(id, true), 'Notification rule');
      const after = (await this.rules.update(id, changes))!;
      await this.audit.updated(tx, 'notification_rule', before, after, actor.id);
      return after;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.write(async (tx) => {
      const before = await this.rules.find(id, true);
      if (!before || !(await this.rules.remove(id))) throw new NotFoundError('Notification rule');
      await this.audit.deleted(tx, 'notification_rule', before, actor.id);
    });
  }

  /** Every problem of the given fields at once; the recipients in canonical form. */
  private async checked(input: Partial<NotificationRuleInput>): Promise<NotificationRuleChanges> {
    const problems: FieldProblem[] = [];
    const changes: NotificationRuleChanges = {};
    if (input.event !== undefined) {
      if (!RULE_EVENTS.includes(input.event))
        problems.push({
          field: 'event',
          message: `must be "*" or one of ${RULE_EVENTS.slice(1).join(', ')}`,
        });
      changes.event = input.event;
    }
    if (input.conditions !== undefined) {
      const c = input.conditions;
      changes.conditions = canonicalConditions(c);
      if (
        changes.conditions.departmentId &&
        !(await this.rules.activeDepartmentExists(changes.conditions.departmentId))
      )
        problems.push({ field: 'conditions.departmentId', message: 'no such active department' });
    }
    if (input.recipients !== undefined) {
      const parsed = parseRecipients(input.recipients);
      if (!parsed.ok) problems.push(...parsed.problems);
      else {
        const active = await this.rules.activeUsers(namedUsers(parsed.value));
        parsed.value.forEach((r: RuleRecipient, i) => {
          if (typeof r === 'object' && 'userId' in r && !active.has(r.userId))
            problems.push({ field: `recipients[${i}]`, message: 'no such active user' });
        });
        changes.recipients = parsed.value;
      }
    }
    if (input.channels !== undefined) {
      if (input.channels.length === 0) throw invalidField('channels', 'must name EMAIL, IN_APP or both');
      changes.channels = [...new Set(input.channels)].sort();
    }
    if (problems.length > 0)
      throw new ValidationFailedError(`${problems[0].field} ${problems[0].message}`, problems);
    return changes;
  }

  /** Runs `work` in one transaction; once it has committed, the cached rules are dropped. */
  private write<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return runThen(this.uow, () => this.cache.invalidate(), work);
  }
}
